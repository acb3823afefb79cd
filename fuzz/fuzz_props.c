/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/*
 * MQTT 5 property blocks in every context of the property table (each
 * packet type and the Will), read with the internal reader of lib/wire.h
 * so that no packet framing stands in the way. Invariants for a block that
 * validates:
 *  - iteration yields exactly `n` properties and ends at the block's end;
 *  - mqw_props_find returns the first property of each identifier;
 *  - rebuilding from the iterated list and from the raw view both give the
 *    original bytes (the encoding of a property is canonical), and the
 *    builder's validation agrees with the reader's;
 *  - a block that does not validate is refused by the builder's raw path.
 *
 * Input: byte 0 selects the context (a packet type or the Will) and the
 * sender's role; the rest is the block body (without its length).
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz_check.h"
#include "wire.h"

#define MAX_PROPS 2048 /* a 4 KiB block of 2-byte properties */

static const int contexts[] = {
    MQW_CTX_WILL,    MQW_CONNECT,  MQW_CONNACK,    MQW_PUBLISH,   MQW_PUBACK,
    MQW_PUBREC,      MQW_PUBREL,   MQW_PUBCOMP,    MQW_SUBSCRIBE, MQW_SUBACK,
    MQW_UNSUBSCRIBE, MQW_UNSUBACK, MQW_DISCONNECT, MQW_AUTH,
};

static bool view_equal(mqw_bytes a, mqw_bytes b)
{
    return a.len == b.len && (a.len == 0 || memcmp(a.ptr, b.ptr, a.len) == 0);
}

/* Value equality by type (the union's unused bytes are not compared). */
static bool prop_equal(const mqw_property *a, const mqw_property *b)
{
    if (a->id != b->id)
        return false;
    switch (mqw_property_type(a->id)) {
    case MQW_PTYPE_STRING:
    case MQW_PTYPE_BINARY:
        return view_equal(a->v.bytes, b->v.bytes);
    case MQW_PTYPE_PAIR:
        return view_equal(a->v.pair.name, b->v.pair.name) &&
               view_equal(a->v.pair.value, b->v.pair.value);
    default:
        return a->v.num == b->v.num;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1 || size > 4096)
        return 0;
    int ctx = contexts[data[0] % (sizeof contexts / sizeof contexts[0])];
    uint8_t role = (uint8_t)((data[0] / 16) % 3); /* the receiver's role */
    uint32_t flags = (data[0] & 0x80) ? MQW_STRICT_UTF8 : 0;
    size_t body = size - 1;

    /* Property Length + body, in a buffer of exactly that size. */
    size_t total = mqw_varint_size((uint32_t)body) + body;
    uint8_t *buf = malloc(total);
    FUZZ_CHECK(buf != NULL);
    uint8_t *w = mqw_wr_varint(buf, (uint32_t)body);
    memcpy(w, data + 1, body);

    mqw_cur c = {buf, buf, buf + total, 0, MQW_OK, 0, NULL, flags, role, MQW_V5};
    mqw_props props;
    mqw_props_read(&c, &props, ctx);

    uint8_t sender = role == MQW_ROLE_SERVER   ? MQW_ROLE_CLIENT
                     : role == MQW_ROLE_CLIENT ? MQW_ROLE_SERVER
                                               : MQW_ROLE_ANY;
    mqw_props raw_in = {{data + 1, body}, NULL, 0};
    size_t measured = 0;
    int mrc = mqw_props_measure(&raw_in, ctx, flags, sender, 0, NULL, &measured);

    if (c.err) {
        FUZZ_CHECK(c.err_off < total);
        FUZZ_CHECK_MSG(mrc != MQW_OK, "reader refuses (%s) what the builder accepts",
                       mqw_strerror(c.err));
        free(buf);
        return 0;
    }
    FUZZ_CHECK_MSG(mrc == MQW_OK, "builder refuses (%s) what the reader accepts",
                   mqw_strerror(mrc));
    FUZZ_CHECK(c.p == c.end && measured == body);
    FUZZ_CHECK(props.raw.len == body);

    static mqw_property list[MAX_PROPS];
    mqw_iter it;
    mqw_property pr;
    size_t n = 0;
    mqw_props_iter(&it, &props);
    while (mqw_props_next(&it, &pr)) {
        FUZZ_CHECK(n < MAX_PROPS);
        /* The first of each identifier is what find returns. */
        mqw_property first;
        FUZZ_CHECK(mqw_props_find(&props, pr.id, &first));
        bool earlier = false;
        for (size_t i = 0; i < n; i++)
            earlier |= list[i].id == pr.id;
        if (!earlier)
            FUZZ_CHECK(prop_equal(&first, &pr));
        list[n++] = pr;
    }
    FUZZ_CHECK(n == props.n);

    mqw_props from_list = {{NULL, 0}, list, n};
    size_t list_body = 0;
    FUZZ_CHECK(mqw_props_measure(&from_list, ctx, flags, sender, 0, NULL, &list_body) == MQW_OK);
    FUZZ_CHECK(list_body == body);
    uint8_t *out = malloc(total);
    FUZZ_CHECK(out != NULL);
    FUZZ_CHECK(mqw_props_write(out, &from_list, 0, list_body) == out + total);
    FUZZ_CHECK(memcmp(out, buf, total) == 0);
    FUZZ_CHECK(mqw_props_write(out, &props, 0, body) == out + total);
    FUZZ_CHECK(memcmp(out, buf, total) == 0);

    /* Dropping Reason String and User Properties removes exactly those. */
    size_t trimmed = 0;
    unsigned drop = MQW_DROPPED_REASON_STRING | MQW_DROPPED_USER_PROPERTY;
    FUZZ_CHECK(mqw_props_measure(&props, ctx, flags, sender, drop, NULL, &trimmed) == MQW_OK);
    uint8_t *end = mqw_props_write(out, &props, drop, trimmed);
    FUZZ_CHECK((size_t)(end - out) == mqw_props_size(trimmed));
    mqw_cur c2 = {out, out, end, 0, MQW_OK, 0, NULL, flags, role, MQW_V5};
    mqw_props kept;
    mqw_props_read(&c2, &kept, ctx);
    FUZZ_CHECK(c2.err == MQW_OK);
    size_t expect_kept = 0;
    for (size_t i = 0; i < n; i++)
        expect_kept += list[i].id != MQW_PROP_REASON_STRING && list[i].id != MQW_PROP_USER_PROPERTY;
    FUZZ_CHECK(kept.n == expect_kept);

    free(out);
    free(buf);
    return 0;
}
