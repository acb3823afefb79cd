/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/*
 * A program outside the tree that finds mqttwire the way users do: through
 * pkg-config after `meson install`, or as a meson subproject
 * (tests/subproject). .ci/run builds and runs it both ways.
 */
#include <stdio.h>
#include <string.h>

#include "mqttwire.h"

int main(void)
{
    mqw_packet pkt = {.type = MQW_PUBLISH};
    pkt.u.publish.topic = mqw_cstr("a/b");
    pkt.u.publish.payload = mqw_cstr("hello");

    uint8_t buf[32];
    size_t len = 0, used = 0;
    int rc = mqw_build(buf, sizeof buf, &pkt, MQW_V311, NULL, NULL, &len);
    if (rc == MQW_OK)
        rc = mqw_parse(buf, len, &pkt, MQW_V311, NULL, NULL, &used);
    if (rc != MQW_OK || used != len || pkt.u.publish.payload.len != 5) {
        printf("round trip failed: %s\n", mqw_strerror(rc));
        return 1;
    }
    if (strcmp(mqw_version(), MQW_VERSION_STRING) != 0) {
        printf("library %s, header %s\n", mqw_version(), MQW_VERSION_STRING);
        return 1;
    }
    printf("mqttwire %s: %s of %zu bytes built and parsed\n", mqw_version(),
           mqw_packet_name(pkt.type), len);
    return 0;
}
