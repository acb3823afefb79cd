/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/*
 * Builder sizes that would wrap a 32-bit size_t: each must be refused with
 * MQW_ERR_TOO_LARGE (rule RL-1), never reported as a small size that the
 * caller then allocates and lets the builder overrun. Meant for a 32-bit
 * build (`.ci/run` compiles it with -m32 against the lib/ sources); on 64-bit it
 * checks the same verdicts without the wrap.
 *
 * Regressions (review): the SUBSCRIBE build and 5.0 property-list fast
 * paths summed sizes without stopping at the Remaining Length limit, so on
 * 32 bits 65,535 filters of 65,535 bytes came out as a 65,540-byte packet
 * and 32,768 User Properties of 2 x 65,535 bytes as a 98,314-byte one.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mqttwire.h"

static int failures;

static void expect_too_large(const char *what, int rc, size_t len, const mqw_diag *diag)
{
    bool ok = rc == MQW_ERR_TOO_LARGE && len == 0 && diag->rule && !strcmp(diag->rule, "RL-1");
    printf("%s %s: %s, len %zu, rule %s\n", ok ? "ok:  " : "FAIL:", what, mqw_strerror(rc), len,
           diag->rule ? diag->rule : "-");
    failures += !ok;
}

int main(void)
{
    static uint8_t text[65535];
    memset(text, 'a', sizeof text);
    mqw_bytes longest = {text, sizeof text};

    size_t n_subs = 65535;
    mqw_subscription *subs = calloc(n_subs, sizeof *subs);
    size_t n_props = 32768;
    mqw_property *props = calloc(n_props, sizeof *props);
    if (!subs || !props) {
        fprintf(stderr, "out of memory\n");
        return 1;
    }

    for (size_t i = 0; i < n_subs; i++)
        subs[i].filter = longest;
    mqw_subscribe sub = {.packet_id = 1, .subs = subs, .n = n_subs};
    mqw_diag diag;
    size_t len = 12345;
    int rc = mqw_subscribe_build(NULL, 0, &sub, MQW_V311, NULL, &diag, &len);
    expect_too_large("SUBSCRIBE, 65535 filters of 65535 bytes", rc, len, &diag);

    for (size_t i = 0; i < n_props; i++) {
        props[i].id = MQW_PROP_USER_PROPERTY;
        props[i].v.pair.name = longest;
        props[i].v.pair.value = longest;
    }
    mqw_publish pub = {.topic = {(const uint8_t *)"t", 1}, .props = {.list = props, .n = n_props}};
    len = 12345;
    rc = mqw_publish_build(NULL, 0, &pub, MQW_V5, NULL, &diag, &len);
    expect_too_large("5.0 PUBLISH, 32768 User Properties of 2 x 65535 bytes", rc, len, &diag);

    /* Regression (issue 12): a property block and a payload that each fit
     * but not together; the fast builder bounded only the payload. The
     * payload is never read (refused before anything is written). */
    pub.props.n = 2047;
    pub.payload.ptr = text;
    pub.payload.len = ((size_t)1 << 27) - 1;
    len = 12345;
    rc = mqw_publish_build_header(NULL, 0, &pub, MQW_V5, NULL, &diag, &len);
    expect_too_large("5.0 PUBLISH header, 2047 User Properties + 2^27 - 1 payload bytes", rc, len,
                     &diag);
    len = 12345;
    rc = mqw_publish_build(NULL, 0, &pub, MQW_V5, NULL, &diag, &len);
    expect_too_large("5.0 PUBLISH, 2047 User Properties + 2^27 - 1 payload bytes", rc, len, &diag);

    free(subs);
    free(props);
    printf("%d failed\n", failures);
    return failures ? 1 : 0;
}
