/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/*
 * The public header compiled as C++ (warnings as errors, set by
 * tests/meson.build) and linked against the C library: proves the
 * extern "C" block and that the inline helpers are valid C++.
 */
#include "mqttwire.h"

#include <cstring>

int main()
{
    mqw_publish pub = mqw_publish();
    pub.qos = 1;
    pub.packet_id = 7;
    pub.topic = mqw_cstr("a/b");
    pub.payload = mqw_cstr("hi");

    mqw_packet pkt = mqw_packet();
    pkt.type = MQW_PUBLISH;
    pkt.u.publish = pub;

    uint8_t buf[64];
    size_t len = 0;
    if (mqw_build(buf, sizeof buf, &pkt, MQW_V311, NULL, NULL, &len) != MQW_OK)
        return 1;

    mqw_packet back = mqw_packet();
    size_t used = 0;
    if (mqw_parse(buf, len, &back, MQW_V311, NULL, NULL, &used) != MQW_OK || used != len)
        return 1;
    return std::strcmp(mqw_version(), MQW_VERSION_STRING) == 0 ? 0 : 1;
}
