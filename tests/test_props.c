/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/*
 * Tests for lib/props.c: the MQTT 5 property API (mqw_props_iter / _next /
 * _find, mqw_property_type, mqw_property_name) and, through the packet
 * parsers and builders, the property rows of docs/rules.md sections 15 and 16
 * (PR-1..PR-29) plus STR-15, STR-16, ACK-6, CF-23, PUB-7 and PUB-11.
 *
 * The property table (which packet may carry which id, the value types,
 * the value ranges) is written out here by hand from 5.0 Table 2-4 and
 * section 3, independently of props.c. From it the tests generate one
 * vector per (packet, property id) pair: a round trip where the id is
 * allowed, MQW_ERR_PROPERTY_NOT_ALLOWED at the id byte where it is not,
 * a duplicate of every single-valued id, and the value-range edges; each
 * refusal is also checked on the builder side, in list and raw form.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "wire.h"

/* A view of a string literal, usable in static initialisers. */
/* Tables stay one row per entry with a comment per field where useful;
 * clang-format would put every field on a line of its own. */
/* clang-format off */
/* clang-format on */

/* ---- the property table, by hand --------------------------------------- */

typedef struct id_info {
    uint8_t id;
    int type;
    const char *name; /* 5.0 Table 2-4 spelling */
} id_info;

/* 5.0 section 2.2.2.2 (CONFORMANCE section 15 lists the same types). */
/* clang-format off */
static const id_info ids[] = {
    {0x01, MQW_PTYPE_BYTE, "Payload Format Indicator"},
    {0x02, MQW_PTYPE_U32, "Message Expiry Interval"},
    {0x03, MQW_PTYPE_STRING, "Content Type"},
    {0x08, MQW_PTYPE_STRING, "Response Topic"},
    {0x09, MQW_PTYPE_BINARY, "Correlation Data"},
    {0x0B, MQW_PTYPE_VARINT, "Subscription Identifier"},
    {0x11, MQW_PTYPE_U32, "Session Expiry Interval"},
    {0x12, MQW_PTYPE_STRING, "Assigned Client Identifier"},
    {0x13, MQW_PTYPE_U16, "Server Keep Alive"},
    {0x15, MQW_PTYPE_STRING, "Authentication Method"},
    {0x16, MQW_PTYPE_BINARY, "Authentication Data"},
    {0x17, MQW_PTYPE_BYTE, "Request Problem Information"},
    {0x18, MQW_PTYPE_U32, "Will Delay Interval"},
    {0x19, MQW_PTYPE_BYTE, "Request Response Information"},
    {0x1A, MQW_PTYPE_STRING, "Response Information"},
    {0x1C, MQW_PTYPE_STRING, "Server Reference"},
    {0x1F, MQW_PTYPE_STRING, "Reason String"},
    {0x21, MQW_PTYPE_U16, "Receive Maximum"},
    {0x22, MQW_PTYPE_U16, "Topic Alias Maximum"},
    {0x23, MQW_PTYPE_U16, "Topic Alias"},
    {0x24, MQW_PTYPE_BYTE, "Maximum QoS"},
    {0x25, MQW_PTYPE_BYTE, "Retain Available"},
    {0x26, MQW_PTYPE_PAIR, "User Property"},
    {0x27, MQW_PTYPE_U32, "Maximum Packet Size"},
    {0x28, MQW_PTYPE_BYTE, "Wildcard Subscription Available"},
    {0x29, MQW_PTYPE_BYTE, "Subscription Identifier Available"},
    {0x2A, MQW_PTYPE_BYTE, "Shared Subscription Available"},
};
/* clang-format on */
#define N_IDS ((int)ARRAY_LEN(ids))

static int ref_type(uint8_t id)
{
    for (int i = 0; i < N_IDS; i++)
        if (ids[i].id == id)
            return ids[i].type;
    return MQW_PTYPE_NONE;
}

/* Property contexts: every packet that has properties, and the Will. */
enum {
    X_CONNECT,
    X_WILL,
    X_CONNACK,
    X_PUBLISH,
    X_PUBACK,
    X_PUBREC,
    X_PUBREL,
    X_PUBCOMP,
    X_SUBSCRIBE,
    X_SUBACK,
    X_UNSUBSCRIBE,
    X_UNSUBACK,
    X_DISCONNECT,
    X_AUTH,
    N_CTX
};

typedef struct ctx_info {
    const char *name;
    const char *allowed;     /* ids, hex (CONFORMANCE section 16 header) */
    const char *not_allowed; /* the row a foreign id breaks */
} ctx_info;

/* clang-format off */
static const ctx_info ctxs[N_CTX] = {
    [X_CONNECT] = {"CONNECT", "11 21 27 22 19 17 26 15 16", "PR-10"},
    [X_WILL] = {"CONNECT Will", "18 01 02 03 08 09 26", "CF-23"},
    [X_CONNACK] = {"CONNACK", "11 21 24 25 27 12 22 1F 26 28 29 2A 13 1A 1C 15 16", "PR-11"},
    [X_PUBLISH] = {"PUBLISH", "01 02 23 08 09 26 0B 03", "PR-12"},
    [X_PUBACK] = {"PUBACK", "1F 26", "ACK-6"},
    [X_PUBREC] = {"PUBREC", "1F 26", "ACK-6"},
    [X_PUBREL] = {"PUBREL", "1F 26", "ACK-6"},
    [X_PUBCOMP] = {"PUBCOMP", "1F 26", "ACK-6"},
    [X_SUBSCRIBE] = {"SUBSCRIBE", "0B 26", "PR-13"},
    [X_SUBACK] = {"SUBACK", "1F 26", "PR-14"},
    [X_UNSUBSCRIBE] = {"UNSUBSCRIBE", "26", "PR-15"},
    [X_UNSUBACK] = {"UNSUBACK", "1F 26", "PR-16"},
    [X_DISCONNECT] = {"DISCONNECT", "11 1F 26 1C", "PR-17"},
    [X_AUTH] = {"AUTH", "15 16 1F 26", "PR-18"},
};
/* clang-format on */

static bool ref_allowed(int ctx, uint8_t id)
{
    uint8_t list[32];
    size_t n = hex_decode(ctxs[ctx].allowed, list, sizeof list, NULL);
    return memchr(list, id, n) != NULL;
}

/* PR-6: User Property repeats everywhere; PUB-11: Subscription Identifier
 * repeats in PUBLISH only (PR-7: at most once in SUBSCRIBE). */
static bool ref_repeatable(int ctx, uint8_t id)
{
    return id == MQW_PROP_USER_PROPERTY || (ctx == X_PUBLISH && id == 0x0B);
}

/* ---- encoding, by hand ------------------------------------------------- */

static size_t put_varint(uint8_t *w, uint32_t v)
{
    size_t n = 0;
    do {
        uint8_t b = (uint8_t)(v & 0x7F);
        v >>= 7;
        w[n++] = (uint8_t)(v ? b | 0x80 : b);
    } while (v);
    return n;
}

static size_t put_view(uint8_t *w, mqw_bytes b)
{
    w[0] = (uint8_t)(b.len >> 8), w[1] = (uint8_t)b.len;
    if (b.len)
        memcpy(w + 2, b.ptr, b.len);
    return 2 + b.len;
}

/* One property as the wire carries it. An unknown id gets one value byte
 * (00), which no reader can know to skip. */
static size_t enc_prop(const mqw_property *p, uint8_t *w)
{
    size_t n = 0;
    uint32_t v = p->v.num;
    w[n++] = p->id;
    switch (ref_type(p->id)) {
    case MQW_PTYPE_BYTE:
        w[n++] = (uint8_t)v;
        break;
    case MQW_PTYPE_U16:
        w[n++] = (uint8_t)(v >> 8), w[n++] = (uint8_t)v;
        break;
    case MQW_PTYPE_U32:
        w[n++] = (uint8_t)(v >> 24), w[n++] = (uint8_t)(v >> 16);
        w[n++] = (uint8_t)(v >> 8), w[n++] = (uint8_t)v;
        break;
    case MQW_PTYPE_VARINT:
        n += put_varint(w + n, v);
        break;
    case MQW_PTYPE_STRING:
    case MQW_PTYPE_BINARY:
        n += put_view(w + n, p->v.bytes);
        break;
    case MQW_PTYPE_PAIR:
        n += put_view(w + n, p->v.pair.name);
        n += put_view(w + n, p->v.pair.value);
        break;
    default:
        w[n++] = 0x00;
        break;
    }
    return n;
}

/* A legal value of the id's type (1 is legal for every Byte property, 10
 * for every integer one). */
static mqw_property sample_prop(uint8_t id)
{
    mqw_property p;
    memset(&p, 0, sizeof p);
    p.id = id;
    switch (ref_type(id)) {
    case MQW_PTYPE_BYTE:
        p.v.num = 1;
        break;
    case MQW_PTYPE_U16:
    case MQW_PTYPE_U32:
        p.v.num = 10;
        break;
    case MQW_PTYPE_VARINT:
        p.v.num = 5;
        break;
    case MQW_PTYPE_STRING:
        p.v.bytes = mqw_cstr("x");
        break;
    case MQW_PTYPE_BINARY:
        p.v.bytes = mqw_cstr("\x01\x02");
        break;
    case MQW_PTYPE_PAIR:
        p.v.pair.name = mqw_cstr("k");
        p.v.pair.value = mqw_cstr("v");
        break;
    }
    return p;
}

static size_t enc_block(const mqw_property *props, size_t n, uint8_t *w, size_t *at)
{
    size_t len = 0;
    for (size_t i = 0; i < n; i++) {
        if (at)
            at[i] = len;
        len += enc_prop(&props[i], w + len);
    }
    return len;
}

/* The packet for context `ctx` with property block `blk` (5.0, minimal
 * other fields). Returns its length; *blk_at = offset of the block's first
 * byte (after its Property Length). */
static size_t gen_packet(int ctx, const uint8_t *blk, size_t blen, uint8_t *out, size_t *blk_at)
{
    uint8_t body[1024];
    size_t n = 0, at = 0;
    uint8_t first = 0;

#define PUT(str) (memcpy(body + n, str, sizeof(str) - 1), n += sizeof(str) - 1)
#define BLOCK()                                                                                    \
    (n += put_varint(body + n, (uint32_t)blen), at = n, memcpy(body + n, blk, blen), n += blen)
    switch (ctx) {
    case X_CONNECT:
    case X_WILL:
        first = 0x10;
        PUT("\x00\x04MQTT\x05");
        body[n++] = ctx == X_WILL ? 0x06 : 0x02; /* (Will,) Clean Start */
        PUT("\x00\x3C");                         /* Keep Alive 60 */
        if (ctx == X_CONNECT)
            BLOCK();
        else
            body[n++] = 0x00;
        PUT("\x00\x01\x63"); /* Client Identifier "c" */
        if (ctx == X_WILL) {
            BLOCK();
            PUT("\x00\x01\x74"); /* Will Topic "t" */
            PUT("\x00\x00");     /* Will Payload */
        }
        break;
    case X_CONNACK:
        first = 0x20;
        PUT("\x00\x00");
        BLOCK();
        break;
    case X_PUBLISH:
        first = 0x30;
        PUT("\x00\x01\x61"); /* "a" */
        BLOCK();
        break;
    case X_PUBACK:
    case X_PUBREC:
    case X_PUBREL:
    case X_PUBCOMP: {
        static const uint8_t firsts[] = {0x40, 0x50, 0x62, 0x70};
        first = firsts[ctx - X_PUBACK];
        PUT("\x00\x01\x00"); /* Packet Identifier 1, reason 0x00 */
        BLOCK();
        break;
    }
    case X_SUBSCRIBE:
        first = 0x82;
        PUT("\x00\x01");
        BLOCK();
        PUT("\x00\x01\x61\x00"); /* filter "a", QoS 0 */
        break;
    case X_SUBACK:
        first = 0x90;
        PUT("\x00\x01");
        BLOCK();
        PUT("\x00");
        break;
    case X_UNSUBSCRIBE:
        first = 0xA2;
        PUT("\x00\x01");
        BLOCK();
        PUT("\x00\x01\x61"); /* "a" */
        break;
    case X_UNSUBACK:
        first = 0xB0;
        PUT("\x00\x01");
        BLOCK();
        PUT("\x00");
        break;
    case X_DISCONNECT:
        first = 0xE0;
        PUT("\x00");
        BLOCK();
        break;
    case X_AUTH:
        first = 0xF0;
        PUT("\x18"); /* Continue authentication */
        BLOCK();
        break;
    }
#undef PUT
#undef BLOCK
    out[0] = first;
    size_t h = 1 + put_varint(out + 1, (uint32_t)n);
    memcpy(out + h, body, n);
    *blk_at = h + at;
    return h + n;
}

/* clang-format off */
static const mqw_subscription sub_a = {.filter = S("a")};
/* clang-format on */
static const mqw_bytes filter_a = S("a");
static const uint8_t code_zero[1] = {0x00};

/* The struct gen_packet's bytes mean, with properties `props`. */
static void fill_pkt(int ctx, mqw_props props, mqw_packet *pkt)
{
    static const uint8_t ack_types[] = {MQW_PUBACK, MQW_PUBREC, MQW_PUBREL, MQW_PUBCOMP};
    mqw_bytes one_code = {code_zero, 1};
    memset(pkt, 0, sizeof *pkt);
    switch (ctx) {
    case X_CONNECT:
    case X_WILL: {
        mqw_connect *c = &pkt->u.connect;
        pkt->type = MQW_CONNECT;
        c->version = MQW_V5;
        c->clean_start = true;
        c->keep_alive = 60;
        c->protocol_name = mqw_cstr("MQTT");
        c->client_id = mqw_cstr("c");
        if (ctx == X_WILL) {
            c->will = true;
            c->will_props = props;
            c->will_topic = mqw_cstr("t");
        } else {
            c->props = props;
        }
        break;
    }
    case X_CONNACK:
        pkt->type = MQW_CONNACK;
        pkt->u.connack.props = props;
        break;
    case X_PUBLISH:
        pkt->type = MQW_PUBLISH;
        pkt->u.publish.topic = mqw_cstr("a");
        pkt->u.publish.props = props;
        break;
    case X_PUBACK:
    case X_PUBREC:
    case X_PUBREL:
    case X_PUBCOMP:
        pkt->type = ack_types[ctx - X_PUBACK];
        pkt->u.ack.type = pkt->type;
        pkt->u.ack.packet_id = 1;
        pkt->u.ack.props = props;
        break;
    case X_SUBSCRIBE:
        pkt->type = MQW_SUBSCRIBE;
        pkt->u.subscribe.packet_id = 1;
        pkt->u.subscribe.props = props;
        pkt->u.subscribe.subs = &sub_a;
        pkt->u.subscribe.n = 1;
        break;
    case X_SUBACK:
        pkt->type = MQW_SUBACK;
        pkt->u.suback.packet_id = 1;
        pkt->u.suback.props = props;
        pkt->u.suback.codes = one_code;
        break;
    case X_UNSUBSCRIBE:
        pkt->type = MQW_UNSUBSCRIBE;
        pkt->u.unsubscribe.packet_id = 1;
        pkt->u.unsubscribe.props = props;
        pkt->u.unsubscribe.filters = &filter_a;
        pkt->u.unsubscribe.n = 1;
        break;
    case X_UNSUBACK:
        pkt->type = MQW_UNSUBACK;
        pkt->u.unsuback.packet_id = 1;
        pkt->u.unsuback.props = props;
        pkt->u.unsuback.codes = one_code;
        break;
    case X_DISCONNECT:
        pkt->type = MQW_DISCONNECT;
        pkt->u.disconnect.props = props;
        break;
    case X_AUTH:
        pkt->type = MQW_AUTH;
        pkt->u.auth.code = 0x18;
        pkt->u.auth.props = props;
        break;
    }
}

static void to_hex(const uint8_t *b, size_t n, char *hex, size_t cap)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        ck_assert_uint_lt(k + 4, cap);
        k += (size_t)snprintf(hex + k, cap - k, "%02X ", b[i]);
    }
    hex[k] = '\0';
}

/* Properties a context needs besides the one under test: AUTH with a
 * reason code must carry an Authentication Method (PDA-7), and CONNECT
 * Authentication Data needs one too (PR-28). */
static size_t prefix_props(int ctx, uint8_t id, mqw_property *out)
{
    if ((ctx == X_AUTH && id != MQW_PROP_AUTHENTICATION_METHOD) ||
        (ctx == X_CONNECT && id == MQW_PROP_AUTHENTICATION_DATA)) {
        memset(out, 0, sizeof *out);
        out->id = MQW_PROP_AUTHENTICATION_METHOD;
        out->v.bytes = mqw_cstr("m");
        return 1;
    }
    return 0;
}

/* Run one generated case: `props` (n) in context `ctx`. err == MQW_OK: a
 * round-trip vector. Otherwise the parse must fail with err at the id of
 * props[bad], and the builder must refuse the same properties given as a
 * list and as a raw block. */
static void run_case(const char *name, int ctx, const mqw_property *props, size_t n, int err,
                     size_t bad, const char *rule)
{
    uint8_t blk[512], bytes[1024];
    size_t at[16], blk_at;
    char hex[3200];
    ck_assert_uint_le(n, ARRAY_LEN(at));
    size_t blen = enc_block(props, n, blk, at);
    size_t len = gen_packet(ctx, blk, blen, bytes, &blk_at);
    to_hex(bytes, len, hex, sizeof hex);

    vec v;
    memset(&v, 0, sizeof v);
    v.name = name;
    v.version = MQW_V5;
    v.hex = hex;
    v.err = err;
    mqw_props list = {{NULL, 0}, props, n};
    if (err == MQW_OK) {
        fill_pkt(ctx, list, &v.pkt);
        run_vec(&v);
        return;
    }
    v.offset = blk_at + at[bad];
    v.rule = rule;
    run_vec(&v);

    bvec b;
    memset(&b, 0, sizeof b);
    b.name = name;
    b.version = MQW_V5;
    b.err = err;
    b.rule = rule;
    fill_pkt(ctx, list, &b.pkt);
    run_bvec(&b);

    mqw_props raw = {{blk, blen}, NULL, n};
    fill_pkt(ctx, raw, &b.pkt);
    run_bvec(&b);
}

/* ---- generated: every id in every context ------------------------------ */

/* Loop index = ctx * N_IDS + id index. Allowed: a round trip. Not allowed:
 * MQW_ERR_PROPERTY_NOT_ALLOWED at the id byte (PR-10..PR-18, ACK-6,
 * CF-23), parse and build. */
START_TEST(prop_matrix)
{
    int ctx = _i / N_IDS;
    uint8_t id = ids[_i % N_IDS].id;
    mqw_property props[3];
    char name[160];
    size_t n = prefix_props(ctx, id, props);
    props[n++] = sample_prop(id);
    if (ref_allowed(ctx, id)) {
        snprintf(name, sizeof name, "PR-10..PR-18 %s carries %s (0x%02X)", ctxs[ctx].name,
                 ids[_i % N_IDS].name, id);
        run_case(name, ctx, props, n, MQW_OK, 0, NULL);
    } else {
        snprintf(name, sizeof name, "%s %s must not carry %s (0x%02X)", ctxs[ctx].not_allowed,
                 ctxs[ctx].name, ids[_i % N_IDS].name, id);
        run_case(name, ctx, props, n, MQW_ERR_PROPERTY_NOT_ALLOWED, n - 1, ctxs[ctx].not_allowed);
    }
}
END_TEST

/* PR-1: identifiers 5.0 does not define, in every context. (0x80 and up
 * are left out: the identifier is formally a Variable Byte Integer, so
 * those bytes start a longer identifier.) */
static const uint8_t unknown_ids[] = {0x00, 0x04, 0x05, 0x07, 0x0A, 0x0C, 0x10, 0x14,
                                      0x1B, 0x1D, 0x1E, 0x20, 0x2B, 0x40, 0x7F};

START_TEST(prop_unknown)
{
    int ctx = _i / (int)ARRAY_LEN(unknown_ids);
    uint8_t id = unknown_ids[_i % (int)ARRAY_LEN(unknown_ids)];
    mqw_property props[3];
    char name[160];
    size_t n = prefix_props(ctx, id, props);
    memset(&props[n], 0, sizeof props[n]);
    props[n++].id = id;
    snprintf(name, sizeof name, "PR-1 %s with unknown property 0x%02X", ctxs[ctx].name, id);
    run_case(name, ctx, props, n, MQW_ERR_PROPERTY_ID, n - 1, "PR-1");
}
END_TEST

/* Loop index = ctx * N_IDS + id index, allowed pairs only. PR-5: a second
 * copy of a single-valued property is MQW_ERR_PROPERTY_DUPLICATE at the
 * second id (PR-7: Subscription Identifier in SUBSCRIBE); PR-6 / PUB-11:
 * User Property (and Subscription Identifier in PUBLISH) repeat, in order. */
START_TEST(prop_duplicate)
{
    int ctx = _i / N_IDS;
    uint8_t id = ids[_i % N_IDS].id;
    mqw_property props[4];
    char name[160];
    if (!ref_allowed(ctx, id))
        return;
    size_t n = prefix_props(ctx, id, props);
    props[n++] = sample_prop(id);
    props[n++] = sample_prop(id);
    if (ref_repeatable(ctx, id)) {
        /* Same name twice for User Property, as PR-6 allows. */
        snprintf(name, sizeof name, "%s %s carries %s twice",
                 id == MQW_PROP_USER_PROPERTY ? "PR-6" : "PUB-11", ctxs[ctx].name,
                 ids[_i % N_IDS].name);
        run_case(name, ctx, props, n, MQW_OK, 0, NULL);
    } else {
        const char *rule = ctx == X_SUBSCRIBE && id == 0x0B ? "PR-7" : "PR-5";
        snprintf(name, sizeof name, "%s %s carries %s twice", rule, ctxs[ctx].name,
                 ids[_i % N_IDS].name);
        run_case(name, ctx, props, n, MQW_ERR_PROPERTY_DUPLICATE, n - 1, rule);
    }
}
END_TEST

/* Value ranges (5.0 section 3 per property), in every context that allows
 * the id: the bad values with their error, the edges that must pass. */
typedef struct value_row {
    const char *name;
    uint8_t id;
    uint32_t num;
    int err;
    const char *rule;
} value_row;

#define PV MQW_ERR_PROPERTY_VALUE

/* clang-format off */
static const value_row value_table[] = {
    {"PR-19 Receive Maximum 0", 0x21, 0, PV, "PR-19"},
    {"PR-19 Receive Maximum 1", 0x21, 1, MQW_OK, NULL},
    {"PR-19 Receive Maximum 65535", 0x21, 65535, MQW_OK, NULL},
    {"PR-20 Maximum Packet Size 0", 0x27, 0, PV, "PR-20"},
    {"PR-20 Maximum Packet Size 1", 0x27, 1, MQW_OK, NULL},
    {"PR-20 Maximum Packet Size 4294967295", 0x27, 0xFFFFFFFFu, MQW_OK, NULL},
    {"PR-21 Topic Alias Maximum 0", 0x22, 0, MQW_OK, NULL},
    {"PR-21 Topic Alias Maximum 65535", 0x22, 65535, MQW_OK, NULL},
    {"PR-22 Subscription Identifier 0", 0x0B, 0, PV, "PR-22"},
    {"PR-22 Subscription Identifier 1", 0x0B, 1, MQW_OK, NULL},
    {"PR-8 Subscription Identifier 127 (1 byte)", 0x0B, 127, MQW_OK, NULL},
    {"PR-8 Subscription Identifier 128 (2 bytes)", 0x0B, 128, MQW_OK, NULL},
    {"PR-8 Subscription Identifier 16383 (2 bytes)", 0x0B, 16383, MQW_OK, NULL},
    {"PR-8 Subscription Identifier 16384 (3 bytes)", 0x0B, 16384, MQW_OK, NULL},
    {"PR-8 Subscription Identifier 2097151 (3 bytes)", 0x0B, 2097151, MQW_OK, NULL},
    {"PR-8 Subscription Identifier 2097152 (4 bytes)", 0x0B, 2097152, MQW_OK, NULL},
    {"PR-9 Subscription Identifier 268435455 (maximum)", 0x0B, 268435455, MQW_OK, NULL},
    {"PR-23 Maximum QoS 0", 0x24, 0, MQW_OK, NULL},
    {"PR-23 Maximum QoS 2", 0x24, 2, PV, "PR-23"},
    {"PR-23 Maximum QoS 3", 0x24, 3, PV, "PR-23"},
    {"PR-24 Retain Available 0", 0x25, 0, MQW_OK, NULL},
    {"PR-24 Retain Available 2", 0x25, 2, PV, "PR-24"},
    {"PR-24 Retain Available 255", 0x25, 255, PV, "PR-24"},
    {"PR-25 Wildcard Subscription Available 0", 0x28, 0, MQW_OK, NULL},
    {"PR-25 Wildcard Subscription Available 2", 0x28, 2, PV, "PR-25"},
    {"PR-25 Subscription Identifier Available 0", 0x29, 0, MQW_OK, NULL},
    {"PR-25 Subscription Identifier Available 2", 0x29, 2, PV, "PR-25"},
    {"PR-25 Shared Subscription Available 0", 0x2A, 0, MQW_OK, NULL},
    {"PR-25 Shared Subscription Available 5", 0x2A, 5, PV, "PR-25"},
    {"PR-26 Request Problem Information 0", 0x17, 0, MQW_OK, NULL},
    {"PR-26 Request Problem Information 2", 0x17, 2, PV, "PR-26"},
    {"PR-26 Request Response Information 0", 0x19, 0, MQW_OK, NULL},
    {"PR-26 Request Response Information 2", 0x19, 2, PV, "PR-26"},
    {"PR-27 Payload Format Indicator 0", 0x01, 0, MQW_OK, NULL},
    {"PR-27 Payload Format Indicator 2", 0x01, 2, PV, "PR-27"},
    {"PR-27 Payload Format Indicator 255", 0x01, 255, PV, "PR-27"},
    {"PUB-7 Topic Alias 0", 0x23, 0, MQW_ERR_TOPIC_ALIAS, "PUB-7"},
    {"PUB-7 Topic Alias 1", 0x23, 1, MQW_OK, NULL},
    {"PUB-7 Topic Alias 65535", 0x23, 65535, MQW_OK, NULL},
    /* Integers without a range rule take every value of their width. */
    {"PR-21 Server Keep Alive 0", 0x13, 0, MQW_OK, NULL},
    {"PR-21 Server Keep Alive 65535", 0x13, 65535, MQW_OK, NULL},
    {"PR-21 Session Expiry Interval 0", 0x11, 0, MQW_OK, NULL},
    {"PR-21 Session Expiry Interval 4294967295", 0x11, 0xFFFFFFFFu, MQW_OK, NULL},
    {"PR-21 Message Expiry Interval 0", 0x02, 0, MQW_OK, NULL},
    {"PR-21 Will Delay Interval 4294967295", 0x18, 0xFFFFFFFFu, MQW_OK, NULL},
};
/* clang-format on */

START_TEST(prop_values)
{
    const value_row *r = &value_table[_i / N_CTX];
    int ctx = _i % N_CTX;
    mqw_property props[3];
    char name[160];
    if (!ref_allowed(ctx, r->id))
        return;
    size_t n = prefix_props(ctx, r->id, props);
    props[n] = sample_prop(r->id);
    props[n++].v.num = r->num;
    snprintf(name, sizeof name, "%s in %s", r->name, ctxs[ctx].name);
    run_case(name, ctx, props, n, r->err, n - 1, r->rule);
}
END_TEST

/* String properties hold any UTF-8, empty included; binary ones any bytes
 * (PR-29, STR-18); UTF-8 is checked in every string-typed property (STR-15)
 * and both halves of a User Property (STR-16). Loop index = ctx * N_IDS +
 * id index, string/binary/pair ids allowed in ctx. */
START_TEST(prop_strings)
{
    int ctx = _i / N_IDS;
    uint8_t id = ids[_i % N_IDS].id;
    int type = ref_type(id);
    mqw_property props[3];
    char name[200];
    if (!ref_allowed(ctx, id) ||
        (type != MQW_PTYPE_STRING && type != MQW_PTYPE_BINARY && type != MQW_PTYPE_PAIR))
        return;
    size_t base = prefix_props(ctx, id, props);

    /* Empty value: legal for every string and binary property, except an
     * empty Response Topic (PUB-13, strict by default). */
    props[base] = sample_prop(id);
    if (type == MQW_PTYPE_PAIR)
        props[base].v.pair.name = mqw_cstr(""), props[base].v.pair.value = mqw_cstr("");
    else
        props[base].v.bytes = mqw_cstr("");
    if (id != MQW_PROP_RESPONSE_TOPIC) {
        snprintf(name, sizeof name, "STR-10 %s with empty %s", ctxs[ctx].name,
                 ids[_i % N_IDS].name);
        run_case(name, ctx, props, base + 1, MQW_OK, 0, NULL);
    }

    /* Bytes that are not UTF-8 (and a U+0000): binary takes them, strings
     * do not, with the offset of the bad byte inside the value. */
    static const char bad[] = "ok\xC3\x28";
    mqw_bytes badv = {(const uint8_t *)bad, 4};
    static const char nul[] = "a\0b";
    mqw_bytes nulv = {(const uint8_t *)nul, 3};
    for (int which = 0; which < 3; which++) {
        if (which > 0 && type != MQW_PTYPE_PAIR)
            break;
        mqw_bytes value = which == 2 ? nulv : badv;
        props[base] = sample_prop(id);
        size_t inside; /* offset of the bad byte from the property's id */
        if (type == MQW_PTYPE_PAIR) {
            if (which == 1) {
                props[base].v.pair.value = value;
                inside = 1 + 2 + props[base].v.pair.name.len + 2 + 2;
            } else {
                props[base].v.pair.name = value;
                inside = 1 + 2 + (which == 2 ? 1 : 2);
            }
        } else {
            props[base].v.bytes = value;
            inside = 1 + 2 + 2;
        }
        if (type == MQW_PTYPE_BINARY) {
            snprintf(name, sizeof name, "PR-29 %s: binary %s takes any bytes", ctxs[ctx].name,
                     ids[_i % N_IDS].name);
            run_case(name, ctx, props, base + 1, MQW_OK, 0, NULL);
            continue;
        }
        const char *rule = type == MQW_PTYPE_PAIR ? "STR-16" : "STR-15";
        snprintf(name, sizeof name, "%s %s: %s %s", rule, ctxs[ctx].name, ids[_i % N_IDS].name,
                 which == 0   ? "ill-formed UTF-8"
                 : which == 1 ? "value ill-formed"
                              : "U+0000");

        /* As run_case, with the offset moved inside the value. */
        uint8_t blk[256], bytes[512];
        size_t at[4], blk_at;
        char hex[1600];
        size_t blen = enc_block(props, base + 1, blk, at);
        size_t len = gen_packet(ctx, blk, blen, bytes, &blk_at);
        to_hex(bytes, len, hex, sizeof hex);
        vec v;
        memset(&v, 0, sizeof v);
        v.name = name;
        v.version = MQW_V5;
        v.hex = hex;
        v.err = MQW_ERR_UTF8;
        v.offset = blk_at + at[base] + inside;
        v.rule = rule;
        run_vec(&v);

        bvec b;
        memset(&b, 0, sizeof b);
        b.name = name;
        b.version = MQW_V5;
        b.err = MQW_ERR_UTF8;
        b.rule = v.rule;
        mqw_props list = {{NULL, 0}, props, base + 1};
        fill_pkt(ctx, list, &b.pkt);
        run_bvec(&b);
    }
}
END_TEST

/* ---- the CONFORMANCE examples, and packets with every property --------- */

/* clang-format off */
static const mqw_property pr6_props[] = {
    {.id = MQW_PROP_USER_PROPERTY, .v.pair = {S("k"), S("1")}},
    {.id = MQW_PROP_USER_PROPERTY, .v.pair = {S("k"), S("2")}},
};
static const mqw_property pr21_props[] = {{.id = MQW_PROP_TOPIC_ALIAS_MAXIMUM, .v.num = 0}};
static const mqw_property pr29_props[] = {
    {.id = MQW_PROP_CORRELATION_DATA, .v.bytes = S("\xFF\x00")}};
static const mqw_property pub11_props[] = {
    {.id = MQW_PROP_SUBSCRIPTION_IDENTIFIER, .v.num = 1},
    {.id = MQW_PROP_SUBSCRIPTION_IDENTIFIER, .v.num = 2},
};
/* clang-format on */

/* CONNACK with all 17 properties it may carry. */
/* clang-format off */
static const mqw_property connack_all[] = {
    {.id = 0x11, .v.num = 60},
    {.id = 0x21, .v.num = 20},
    {.id = 0x24, .v.num = 1},
    {.id = 0x25, .v.num = 0},
    {.id = 0x27, .v.num = 4096},
    {.id = 0x12, .v.bytes = S("cid")},
    {.id = 0x22, .v.num = 5},
    {.id = 0x1F, .v.bytes = S("ok")},
    {.id = 0x26, .v.pair = {S("k"), S("v")}},
    {.id = 0x28, .v.num = 1},
    {.id = 0x29, .v.num = 0},
    {.id = 0x2A, .v.num = 1},
    {.id = 0x13, .v.num = 30},
    {.id = 0x1A, .v.bytes = S("resp")},
    {.id = 0x1C, .v.bytes = S("srv")},
    {.id = 0x15, .v.bytes = S("SCRM")},
    {.id = 0x16, .v.bytes = S("\x01\x02\x03")},
};
/* clang-format on */

/* PUBLISH with all 8 of its properties, Subscription Identifier twice. */
/* clang-format off */
static const mqw_property publish_all[] = {
    {.id = 0x01, .v.num = 1},
    {.id = 0x02, .v.num = 300},
    {.id = 0x23, .v.num = 7},
    {.id = 0x08, .v.bytes = S("reply")},
    {.id = 0x09, .v.bytes = S("\xAB\xCD")},
    {.id = 0x26, .v.pair = {S("k"), S("v")}},
    {.id = 0x0B, .v.num = 1},
    {.id = 0x0B, .v.num = 128},
    {.id = 0x03, .v.bytes = S("text")},
};
/* clang-format on */

/* CONNECT with all 9, and its Will with all 7. */
/* clang-format off */
static const mqw_property connect_all[] = {
    {.id = 0x11, .v.num = 120},
    {.id = 0x21, .v.num = 10},
    {.id = 0x27, .v.num = 65535},
    {.id = 0x22, .v.num = 8},
    {.id = 0x19, .v.num = 1},
    {.id = 0x17, .v.num = 0},
    {.id = 0x26, .v.pair = {S("a"), S("b")}},
    {.id = 0x15, .v.bytes = S("PLAIN")},
    {.id = 0x16, .v.bytes = S("\x00\x01")},
};
static const mqw_property will_all[] = {
    {.id = 0x18, .v.num = 5},
    {.id = 0x01, .v.num = 1},
    {.id = 0x02, .v.num = 3600},
    {.id = 0x03, .v.bytes = S("text/plain")},
    {.id = 0x08, .v.bytes = S("r/1")},
    {.id = 0x09, .v.bytes = S("\x2A")},
    {.id = 0x26, .v.pair = {S("x"), S("y")}},
};

static const mqw_property disconnect_all[] = {
    {.id = 0x11, .v.num = 0},
    {.id = 0x1F, .v.bytes = S("bye")},
    {.id = 0x26, .v.pair = {S("k"), S("v")}},
    {.id = 0x1C, .v.bytes = S("other")},
};

static const mqw_property auth_all[] = {
    {.id = 0x15, .v.bytes = S("SCRM")},
    {.id = 0x16, .v.bytes = S("\x05\x06")},
    {.id = 0x1F, .v.bytes = S("go")},
    {.id = 0x26, .v.pair = {S("k"), S("v")}},
};

static const mqw_property suback_both[] = {
    {.id = 0x1F, .v.bytes = S("r")},
    {.id = 0x26, .v.pair = {S(""), S("")}},
};
static const mqw_subscription sub_b = {.filter = S("b"), .qos = 1};
/* clang-format on */
static const uint8_t suback_codes[] = {0x01, 0x80};

/* clang-format off */
#define PROPS(arr) {.list = (arr), .n = ARRAY_LEN(arr)}

static const vec example_table[] = {
    /* Section 15: framing, types, duplicates. */
    {.name = "PR-1 unknown property 0x04 in PUBACK", .version = MQW_V5,
     .hex = "40 06  00 01  00  02  04 00", .err = MQW_ERR_PROPERTY_ID, .offset = 6,
     .rule = "PR-1"},
    {.name = "PR-2 Message Expiry Interval cut short by the Property Length",
     .version = MQW_V5, .hex = "30 07  00 01 61  03  02 00 0A", .err = MQW_ERR_SHORT,
     .offset = 7, .rule = "PR-2"},
    {.name = "PR-2 Topic Alias cut short (1 of 2 bytes)", .version = MQW_V5,
     .hex = "30 06  00 01 61  02  23 00", .err = MQW_ERR_SHORT, .offset = 7, .rule = "PR-2"},
    /* The value is missing altogether: blame the Property Length that left
     * no room for it, not the byte after the packet. */
    {.name = "PR-2 Byte property with no value byte", .version = MQW_V5,
     .hex = "20 04  00 00  01  24", .err = MQW_ERR_SHORT, .offset = 4, .rule = "PR-2"},
    {.name = "PR-3 Reason String length 5, 1 byte left", .version = MQW_V5,
     .hex = "40 08  00 01  00  04  1F 00 05 61", .err = MQW_ERR_SHORT, .offset = 7,
     .rule = "PR-3"},
    {.name = "PR-3 Correlation Data length runs past the Property Length", .version = MQW_V5,
     .hex = "30 09  00 01 61  04  09 00 03 FF  FF", .err = MQW_ERR_SHORT, .offset = 7,
     .rule = "PR-3"},
    {.name = "PR-3 User Property value length runs past", .version = MQW_V5,
     .hex = "40 0B  00 01  00  07  26 00 01 6B 00 02 76", .err = MQW_ERR_SHORT, .offset = 10,
     .rule = "PR-3"},
    /* PR-4: the string would fit in the packet but not in the Property
     * Length (PR-3: it fits in neither). */
    {.name = "PR-4 Reason String straddles the Property Length", .version = MQW_V5,
     .hex = "40 08  00 01  00  03  1F 00 01  61", .err = MQW_ERR_SHORT, .offset = 7,
     .rule = "PR-4"},
    {.name = "PR-4 Message Expiry Interval straddles the Property Length", .version = MQW_V5,
     .hex = "30 09  00 01 61  03  02 00 00  00 0A", .err = MQW_ERR_SHORT, .offset = 7,
     .rule = "PR-4"},
    {.name = "PR-5 Message Expiry Interval twice in PUBLISH", .version = MQW_V5,
     .hex = "30 0E  00 01 61  0A  02 00 00 00 0A  02 00 00 00 0B",
     .err = MQW_ERR_PROPERTY_DUPLICATE, .offset = 11, .rule = "PR-5"},
    {.name = "PR-5 Reason String twice, User Property between", .version = MQW_V5,
     .hex = "40 0F  00 01  00  0B  1F 00 00  26 00 00 00 00  1F 00 00",
     .err = MQW_ERR_PROPERTY_DUPLICATE, .offset = 14, .rule = "PR-5"},
    {.name = "PR-6 User Property repeated with the same name, order kept", .version = MQW_V5,
     .hex = "40 12  00 01  00  0E  26 00 01 6B 00 01 31  26 00 01 6B 00 01 32", .err = MQW_OK,
     .pkt = {.type = MQW_PUBACK,
             .u.ack = {.type = MQW_PUBACK, .packet_id = 1, .props = PROPS(pr6_props)}}},
    {.name = "PR-7 Subscription Identifier twice in SUBSCRIBE", .version = MQW_V5,
     .hex = "82 0B  00 01  04  0B 01  0B 02  00 01 61 00", .err = MQW_ERR_PROPERTY_DUPLICATE,
     .offset = 7, .rule = "PR-7"},
    {.name = "PR-8 Subscription Identifier not minimal (81 00)", .version = MQW_V5,
     .hex = "82 0A  00 01  03  0B 81 00  00 01 61 00", .err = MQW_ERR_VARINT, .offset = 7,
     .rule = "PR-8"},
    {.name = "PR-8 Subscription Identifier not minimal (81 80 00) in PUBLISH",
     .version = MQW_V5, .hex = "30 08  00 01 61  04  0B 81 80 00", .err = MQW_ERR_VARINT,
     .offset = 9, .rule = "PR-8"},
    {.name = "PR-9 Subscription Identifier of 5 bytes", .version = MQW_V5,
     .hex = "82 0D  00 01  06  0B FF FF FF FF 01  00 01 61 00", .err = MQW_ERR_VARINT,
     .offset = 9, .rule = "PR-9"},
    {.name = "PR-9 PR-2 Subscription Identifier cut by the Property Length",
     .version = MQW_V5, .hex = "82 09  00 01  02  0B 80  00 01 61 00", .err = MQW_ERR_SHORT,
     .offset = 6},
    /* Section 16: the examples of the not-allowed rows. */
    {.name = "PR-10 Topic Alias in CONNECT", .version = MQW_V5,
     .hex = "10 11  00 04 4D 51 54 54  05  02  00 3C  03  23 00 01  00 01 63",
     .err = MQW_ERR_PROPERTY_NOT_ALLOWED, .offset = 13, .rule = "PR-10"},
    {.name = "PR-11 Request Problem Information in CONNACK", .version = MQW_V5,
     .hex = "20 05  00 00  02  17 01", .err = MQW_ERR_PROPERTY_NOT_ALLOWED, .offset = 5,
     .rule = "PR-11"},
    {.name = "PR-12 Reason String in PUBLISH", .version = MQW_V5,
     .hex = "30 08  00 01 61  04  1F 00 01 78", .err = MQW_ERR_PROPERTY_NOT_ALLOWED,
     .offset = 6, .rule = "PR-12"},
    {.name = "PR-13 Reason String in SUBSCRIBE", .version = MQW_V5,
     .hex = "82 0B  00 01  04  1F 00 01 78  00 01 61 00", .err = MQW_ERR_PROPERTY_NOT_ALLOWED,
     .offset = 5, .rule = "PR-13"},
    {.name = "PR-14 Subscription Identifier in SUBACK", .version = MQW_V5,
     .hex = "90 06  00 01  02  0B 01  00", .err = MQW_ERR_PROPERTY_NOT_ALLOWED, .offset = 5,
     .rule = "PR-14"},
    {.name = "PR-15 Subscription Identifier in UNSUBSCRIBE", .version = MQW_V5,
     .hex = "A2 08  00 01  02  0B 01  00 01 61", .err = MQW_ERR_PROPERTY_NOT_ALLOWED,
     .offset = 5, .rule = "PR-15"},
    {.name = "PR-16 Topic Alias in UNSUBACK", .version = MQW_V5,
     .hex = "B0 07  00 01  03  23 00 01  00", .err = MQW_ERR_PROPERTY_NOT_ALLOWED, .offset = 5,
     .rule = "PR-16"},
    {.name = "PR-17 Receive Maximum in DISCONNECT", .version = MQW_V5,
     .hex = "E0 05  00  03  21 00 0A", .err = MQW_ERR_PROPERTY_NOT_ALLOWED, .offset = 4,
     .rule = "PR-17"},
    {.name = "PR-18 Maximum Packet Size in AUTH", .version = MQW_V5,
     .hex = "F0 0B  18  09  15 00 01 6D  27 00 00 04 00", .err = MQW_ERR_PROPERTY_NOT_ALLOWED,
     .offset = 8, .rule = "PR-18"},
    {.name = "ACK-6 Session Expiry Interval in PUBACK", .version = MQW_V5,
     .hex = "40 09  00 01  00  05  11 00 00 00 01", .err = MQW_ERR_PROPERTY_NOT_ALLOWED,
     .offset = 6, .rule = "ACK-6"},
    {.name = "CF-23 Session Expiry Interval in Will Properties", .version = MQW_V5,
     .hex = "10 19  00 04 4D 51 54 54  05  06  00 3C  00  00 01 63  05  11 00 00 00 0A "
            " 00 01 77  00 00",
     .err = MQW_ERR_PROPERTY_NOT_ALLOWED, .offset = 17, .rule = "CF-23"},
    /* Section 16: value ranges. */
    {.name = "PR-19 Receive Maximum 0 in CONNACK", .version = MQW_V5,
     .hex = "20 06  00 00  03  21 00 00", .err = MQW_ERR_PROPERTY_VALUE, .offset = 5,
     .rule = "PR-19"},
    {.name = "PR-20 Maximum Packet Size 0 in CONNECT", .version = MQW_V5,
     .hex = "10 13  00 04 4D 51 54 54  05  02  00 3C  05  27 00 00 00 00  00 01 63",
     .err = MQW_ERR_PROPERTY_VALUE, .offset = 13, .rule = "PR-20"},
    {.name = "PR-21 Topic Alias Maximum 0 is legal", .version = MQW_V5,
     .hex = "20 06  00 00  03  22 00 00", .err = MQW_OK,
     .pkt = {.type = MQW_CONNACK, .u.connack = {.props = PROPS(pr21_props)}}},
    {.name = "PR-22 Subscription Identifier 0 in SUBSCRIBE", .version = MQW_V5,
     .hex = "82 09  00 01  02  0B 00  00 01 61 00", .err = MQW_ERR_PROPERTY_VALUE, .offset = 5,
     .rule = "PR-22"},
    {.name = "PR-23 Maximum QoS 2", .version = MQW_V5, .hex = "20 05  00 00  02  24 02",
     .err = MQW_ERR_PROPERTY_VALUE, .offset = 5, .rule = "PR-23"},
    {.name = "PR-24 Retain Available 2", .version = MQW_V5, .hex = "20 05  00 00  02  25 02",
     .err = MQW_ERR_PROPERTY_VALUE, .offset = 5, .rule = "PR-24"},
    {.name = "PR-25 Shared Subscription Available 5", .version = MQW_V5,
     .hex = "20 05  00 00  02  2A 05", .err = MQW_ERR_PROPERTY_VALUE, .offset = 5,
     .rule = "PR-25"},
    {.name = "PR-26 Request Problem Information 2", .version = MQW_V5,
     .hex = "10 10  00 04 4D 51 54 54  05  02  00 3C  02  17 02  00 01 63",
     .err = MQW_ERR_PROPERTY_VALUE, .offset = 13, .rule = "PR-26"},
    {.name = "PR-27 Payload Format Indicator 2", .version = MQW_V5,
     .hex = "30 06  00 01 61  02  01 02", .err = MQW_ERR_PROPERTY_VALUE, .offset = 6,
     .rule = "PR-27"},
    {.name = "PR-28 Authentication Data without Authentication Method in CONNECT",
     .version = MQW_V5,
     .hex = "10 12  00 04 4D 51 54 54  05  02  00 3C  04  16 00 01 78  00 01 63",
     /* The Authentication Method is the field that is missing: blame the
      * Property Length of the block that lacks it. */
     .err = MQW_ERR_AUTH_METHOD, .offset = 12, .rule = "PR-28"},
    {.name = "PR-29 Correlation Data is binary (FF 00)", .version = MQW_V5,
     .hex = "30 09  00 01 61  05  09 00 02 FF 00", .err = MQW_OK,
     .pkt = {.type = MQW_PUBLISH,
             .u.publish = {.topic = S("a"), .props = PROPS(pr29_props)}}},
    {.name = "PUB-7 Topic Alias 0", .version = MQW_V5, .hex = "30 07  00 01 61  03  23 00 00",
     .err = MQW_ERR_TOPIC_ALIAS, .offset = 6, .rule = "PUB-7"},
    {.name = "PUB-11 Subscription Identifier repeated in PUBLISH", .version = MQW_V5,
     .hex = "30 08  00 01 61  04  0B 01  0B 02", .err = MQW_OK,
     .pkt = {.type = MQW_PUBLISH,
             .u.publish = {.topic = S("a"), .props = PROPS(pub11_props)}}},
    /* Section 3: strings inside properties. */
    {.name = "STR-15 Reason String FF in PUBACK", .version = MQW_V5,
     .hex = "40 08  00 01  00  04  1F 00 01 FF", .err = MQW_ERR_UTF8, .offset = 9,
     .rule = "STR-15"},
    {.name = "STR-15 Content Type with a surrogate in PUBLISH", .version = MQW_V5,
     .hex = "30 0B  00 01 61  07  03 00 04 61 ED A0 80", .err = MQW_ERR_UTF8, .offset = 10,
     .rule = "STR-15"},
    {.name = "STR-16 User Property name FF", .version = MQW_V5,
     .hex = "40 0A  00 01  00  06  26 00 01 FF 00 00", .err = MQW_ERR_UTF8, .offset = 9,
     .rule = "STR-16"},
    {.name = "STR-16 User Property value FF", .version = MQW_V5,
     .hex = "40 0B  00 01  00  07  26 00 01 6B 00 01 FF", .err = MQW_ERR_UTF8, .offset = 12,
     .rule = "STR-16"},
    {.name = "STR-8 control char in Reason String accepted by default", .version = MQW_V5,
     .hex = "40 09  00 01  00  05  1F 00 02 61 01", .err = MQW_OK,
     .pkt = {.type = MQW_PUBACK,
             .u.ack = {.type = MQW_PUBACK,
                       .packet_id = 1,
                       .props = {.list = (const mqw_property[]){{.id = 0x1F,
                                                                 .v.bytes = S("a\x01")}},
                                 .n = 1}}}},
    /* In a property the field's own row (STR-15, STR-16) is reported for
     * every UTF-8 fault, the strict ones included. */
    {.name = "STR-15 STR-8 control char in Reason String with MQW_STRICT_UTF8",
     .version = MQW_V5, .flags = MQW_STRICT_UTF8, .hex = "40 09  00 01  00  05  1F 00 02 61 01",
     .err = MQW_ERR_UTF8, .offset = 10, .rule = "STR-15"},
    {.name = "STR-16 STR-8 non-character in a User Property with MQW_STRICT_UTF8",
     .version = MQW_V5, .flags = MQW_STRICT_UTF8,
     .hex = "40 0D  00 01  00  09  26 00 01 6B 00 03 EF BF BF", .err = MQW_ERR_UTF8,
     .offset = 12, .rule = "STR-16"},
    {.name = "STR-16 STR-6 U+0000 in a User Property name", .version = MQW_V5,
     .hex = "40 0B  00 01  00  07  26 00 02 6B 00 00 00", .err = MQW_ERR_UTF8, .offset = 10,
     .rule = "STR-16"},
    /* Packets carrying every property their type allows. */
    {.name = "PR-11 CONNACK with all 17 of its properties", .version = MQW_V5,
     .hex = "20 4C  01 00  49 "
            " 11 00 00 00 3C" /* Session Expiry Interval 60 */
            " 21 00 14"       /* Receive Maximum 20 */
            " 24 01"          /* Maximum QoS 1 */
            " 25 00"          /* Retain Available 0 */
            " 27 00 00 10 00" /* Maximum Packet Size 4096 */
            " 12 00 03 63 69 64" /* Assigned Client Identifier "cid" */
            " 22 00 05"       /* Topic Alias Maximum 5 */
            " 1F 00 02 6F 6B" /* Reason String "ok" */
            " 26 00 01 6B 00 01 76" /* User Property k=v */
            " 28 01"          /* Wildcard Subscription Available */
            " 29 00"          /* Subscription Identifier Available */
            " 2A 01"          /* Shared Subscription Available */
            " 13 00 1E"       /* Server Keep Alive 30 */
            " 1A 00 04 72 65 73 70" /* Response Information "resp" */
            " 1C 00 03 73 72 76"    /* Server Reference "srv" */
            " 15 00 04 53 43 52 4D" /* Authentication Method "SCRM" */
            " 16 00 03 01 02 03",   /* Authentication Data */
     .err = MQW_OK,
     .pkt = {.type = MQW_CONNACK,
             .u.connack = {.session_present = true, .props = PROPS(connack_all)}}},
    {.name = "PR-12 PUB-11 PUBLISH with all 8 of its properties", .version = MQW_V5,
     .hex = "32 34  00 03 61 2F 62  00 0A  2A "
            " 01 01"                   /* Payload Format Indicator 1 */
            " 02 00 00 01 2C"          /* Message Expiry Interval 300 */
            " 23 00 07"                /* Topic Alias 7 */
            " 08 00 05 72 65 70 6C 79" /* Response Topic "reply" */
            " 09 00 02 AB CD"          /* Correlation Data */
            " 26 00 01 6B 00 01 76"    /* User Property k=v */
            " 0B 01"                   /* Subscription Identifier 1 */
            " 0B 80 01"                /* Subscription Identifier 128 */
            " 03 00 04 74 65 78 74"    /* Content Type "text" */
            " 68 69",                  /* payload "hi" */
     .err = MQW_OK,
     .pkt = {.type = MQW_PUBLISH,
             .u.publish = {.qos = 1,
                           .packet_id = 10,
                           .topic = S("a/b"),
                           .props = PROPS(publish_all),
                           .payload = S("hi")}}},
    {.name = "PR-10 CF-23 CONNECT with all 9 properties and a Will with all 7",
     .version = MQW_V5,
     .hex = "10 7A  00 04 4D 51 54 54  05  EE  00 3C  28 "
            " 11 00 00 00 78"          /* Session Expiry Interval 120 */
            " 21 00 0A"                /* Receive Maximum 10 */
            " 27 00 00 FF FF"          /* Maximum Packet Size 65535 */
            " 22 00 08"                /* Topic Alias Maximum 8 */
            " 19 01"                   /* Request Response Information 1 */
            " 17 00"                   /* Request Problem Information 0 */
            " 26 00 01 61 00 01 62"    /* User Property a=b */
            " 15 00 05 50 4C 41 49 4E" /* Authentication Method "PLAIN" */
            " 16 00 02 00 01"          /* Authentication Data */
            " 00 03 63 6C 69  2A "     /* Client Identifier "cli", Will props */
            " 18 00 00 00 05"          /* Will Delay Interval 5 */
            " 01 01"                   /* Payload Format Indicator 1 */
            " 02 00 00 0E 10"          /* Message Expiry Interval 3600 */
            " 03 00 0A 74 65 78 74 2F 70 6C 61 69 6E" /* Content Type */
            " 08 00 03 72 2F 31"       /* Response Topic "r/1" */
            " 09 00 01 2A"             /* Correlation Data */
            " 26 00 01 78 00 01 79"    /* User Property x=y */
            " 00 06 77 69 6C 6C 2F 74" /* Will Topic "will/t" */
            " 00 03 62 79 65"          /* Will Payload "bye" */
            " 00 04 75 73 65 72"       /* User Name "user" */
            " 00 02 70 77",            /* Password "pw" */
     .err = MQW_OK,
     .pkt = {.type = MQW_CONNECT,
             .u.connect = {.version = MQW_V5,
                           .clean_start = true,
                           .keep_alive = 60,
                           .protocol_name = S("MQTT"),
                           .props = PROPS(connect_all),
                           .client_id = S("cli"),
                           .will = true,
                           .will_qos = 1,
                           .will_retain = true,
                           .will_props = PROPS(will_all),
                           .will_topic = S("will/t"),
                           .will_payload = S("bye"),
                           .has_username = true,
                           .username = S("user"),
                           .has_password = true,
                           .password = S("pw")}}},
    {.name = "PR-17 DISCONNECT with all 4 of its properties", .version = MQW_V5,
     .hex = "E0 1C  9C  1A  11 00 00 00 00  1F 00 03 62 79 65  26 00 01 6B 00 01 76 "
            " 1C 00 05 6F 74 68 65 72",
     .err = MQW_OK,
     .pkt = {.type = MQW_DISCONNECT,
             .u.disconnect = {.code = 0x9C, .props = PROPS(disconnect_all)}}},
    {.name = "PR-18 AUTH with all 4 of its properties", .version = MQW_V5,
     .hex = "F0 1A  18  18  15 00 04 53 43 52 4D  16 00 02 05 06  1F 00 02 67 6F "
            " 26 00 01 6B 00 01 76",
     .err = MQW_OK,
     .pkt = {.type = MQW_AUTH, .u.auth = {.code = 0x18, .props = PROPS(auth_all)}}},
    {.name = "PR-14 SUBACK with Reason String and an empty User Property", .version = MQW_V5,
     .hex = "90 0E  00 02  09  1F 00 01 72  26 00 00 00 00  01 80", .err = MQW_OK,
     .pkt = {.type = MQW_SUBACK,
             .u.suback = {.packet_id = 2,
                          .props = PROPS(suback_both),
                          .codes = {suback_codes, 2}}}},
    {.name = "PR-7 SUBSCRIBE with Subscription Identifier 268435455", .version = MQW_V5,
     .hex = "82 0C  00 03  05  0B FF FF FF 7F  00 01 62 01", .err = MQW_OK,
     .pkt = {.type = MQW_SUBSCRIBE,
             .u.subscribe = {.packet_id = 3,
                             .props = {.list = (const mqw_property[]){{.id = 0x0B,
                                                                       .v.num = 268435455}},
                                       .n = 1},
                             .subs = &sub_b,
                             .n = 1}}},
    {.name = "PR-4 ACK-4 empty property block in 5.0 PUBACK (RL 4), rebuilt as RL 3", .version = MQW_V5,
     .hex = "40 04  00 01  10  00", .err = MQW_OK,
     .pkt = {.type = MQW_PUBACK, .u.ack = {.type = MQW_PUBACK, .packet_id = 1, .code = 0x10}},
     .canon = "40 03  00 01  10"},
};
/* clang-format on */

VEC_LOOP_TEST(prop_examples, example_table)

/* ---- builder refusals that the generated cases do not cover ------------ */

static uint8_t big_view[65536];

/* clang-format off */
static const bvec build_table[] = {
    {.name = "PR-1 build refuses unknown id 0x04", .version = MQW_V5,
     .pkt = {.type = MQW_PUBACK,
             .u.ack = {.type = MQW_PUBACK,
                       .packet_id = 1,
                       .props = {.list = (const mqw_property[]){{.id = 0x04}}, .n = 1}}},
     .err = MQW_ERR_PROPERTY_ID, .rule = "PR-1"},
    {.name = "PR-5 build refuses Message Expiry Interval twice", .version = MQW_V5,
     .pkt = {.type = MQW_PUBLISH,
             .u.publish = {.topic = S("a"),
                           .props = {.list = (const mqw_property[]){{.id = 0x02, .v.num = 1},
                                                                    {.id = 0x02, .v.num = 2}},
                                     .n = 2}}},
     .err = MQW_ERR_PROPERTY_DUPLICATE, .rule = "PR-5"},
    {.name = "PR-7 build refuses two Subscription Identifiers in SUBSCRIBE",
     .version = MQW_V5,
     .pkt = {.type = MQW_SUBSCRIBE,
             .u.subscribe = {.packet_id = 1,
                             .props = {.list = (const mqw_property[]){{.id = 0x0B, .v.num = 1},
                                                                      {.id = 0x0B, .v.num = 2}},
                                       .n = 2},
                             .subs = &sub_a,
                             .n = 1}},
     .err = MQW_ERR_PROPERTY_DUPLICATE, .rule = "PR-7"},
    {.name = "PR-9 PR-22 build refuses Subscription Identifier 268435456", .version = MQW_V5,
     .pkt = {.type = MQW_SUBSCRIBE,
             .u.subscribe = {.packet_id = 1,
                             .props = {.list = (const mqw_property[]){{.id = 0x0B,
                                                                       .v.num = 268435456}},
                                       .n = 1},
                             .subs = &sub_a,
                             .n = 1}},
     .err = MQW_ERR_PROPERTY_VALUE},
    {.name = "PR-28 build refuses Authentication Data without Method", .version = MQW_V5,
     .pkt = {.type = MQW_CONNECT,
             .u.connect = {.version = MQW_V5,
                           .clean_start = true,
                           .client_id = S("c"),
                           .props = {.list = (const mqw_property[]){{.id = 0x16,
                                                                     .v.bytes = S("x")}},
                                     .n = 1}}},
     .err = MQW_ERR_AUTH_METHOD, .rule = "PR-28"},
    {.name = "PR-28 build refuses Authentication Data without Method (raw)",
     .version = MQW_V5,
     .pkt = {.type = MQW_CONNECT,
             .u.connect = {.version = MQW_V5,
                           .clean_start = true,
                           .client_id = S("c"),
                           .props = {.raw = S("\x16\x00\x01x"), .n = 1}}},
     .err = MQW_ERR_AUTH_METHOD, .rule = "PR-28"},
    {.name = "STR-15 build refuses Reason String FF", .version = MQW_V5,
     .pkt = {.type = MQW_PUBACK,
             .u.ack = {.type = MQW_PUBACK,
                       .packet_id = 1,
                       .props = {.list = (const mqw_property[]){{.id = 0x1F,
                                                                 .v.bytes = S("\xFF")}},
                                 .n = 1}}},
     .err = MQW_ERR_UTF8, .rule = "STR-15"},
    {.name = "STR-16 build refuses User Property value FF", .version = MQW_V5,
     .pkt = {.type = MQW_DISCONNECT,
             .u.disconnect = {.props = {.list = (const mqw_property[]){{.id = 0x26,
                                                                        .v.pair = {S("k"),
                                                                                   S("\xFF")}}},
                                        .n = 1}}},
     .err = MQW_ERR_UTF8, .rule = "STR-16"},
    {.name = "STR-15 STR-8 build refuses control char in Reason String (strict)",
     .version = MQW_V5, .flags = MQW_STRICT_UTF8,
     .pkt = {.type = MQW_PUBACK,
             .u.ack = {.type = MQW_PUBACK,
                       .packet_id = 1,
                       .props = {.list = (const mqw_property[]){{.id = 0x1F,
                                                                 .v.bytes = S("a\x01")}},
                                 .n = 1}}},
     .err = MQW_ERR_UTF8, .rule = "STR-15"},
    {.name = "STR-10 build refuses a 65536-byte Correlation Data", .version = MQW_V5,
     .pkt = {.type = MQW_PUBLISH,
             .u.publish = {.topic = S("a"),
                           .props = {.list = (const mqw_property[]){{.id = 0x09,
                                                                     .v.bytes = {big_view,
                                                                                 65536}}},
                                     .n = 1}}},
     .err = MQW_ERR_ARG},
    {.name = "STR-10 build refuses a NULL view with a length", .version = MQW_V5,
     .pkt = {.type = MQW_PUBACK,
             .u.ack = {.type = MQW_PUBACK,
                       .packet_id = 1,
                       .props = {.list = (const mqw_property[]){{.id = 0x1F,
                                                                 .v.bytes = {NULL, 3}}},
                                 .n = 1}}},
     .err = MQW_ERR_ARG},
    {.name = "31-16 build refuses properties on 3.1", .version = MQW_V31,
     .pkt = {.type = MQW_PUBACK,
             .u.ack = {.type = MQW_PUBACK,
                       .packet_id = 1,
                       .props = {.list = (const mqw_property[]){{.id = 0x1F,
                                                                 .v.bytes = S("x")}},
                                 .n = 1}}},
     .err = MQW_ERR_ARG, .rule = "31-16"},
    {.name = "PR-12 build refuses properties on 3.1.1 (list)", .version = MQW_V311,
     .pkt = {.type = MQW_PUBLISH,
             .u.publish = {.topic = S("a"),
                           .props = {.list = (const mqw_property[]){{.id = 0x01, .v.num = 1}},
                                     .n = 1}}},
     .err = MQW_ERR_ARG},
    {.name = "PR-12 build refuses properties on 3.1.1 (raw)", .version = MQW_V311,
     .pkt = {.type = MQW_PUBLISH,
             .u.publish = {.topic = S("a"), .props = {.raw = S("\x01\x01"), .n = 1}}},
     .err = MQW_ERR_ARG},
    {.name = "CF-23 build refuses Will properties on 3.1.1", .version = MQW_V311,
     .pkt = {.type = MQW_CONNECT,
             .u.connect = {.version = MQW_V311,
                           .clean_start = true,
                           .client_id = S("c"),
                           .will = true,
                           .will_topic = S("t"),
                           .will_props = {.list = (const mqw_property[]){{.id = 0x18,
                                                                          .v.num = 1}},
                                          .n = 1}}},
     .err = MQW_ERR_ARG},
    /* RL-1 before the walk: a raw block longer than any block, or more
     * properties than any block holds (2 bytes each at least), stated over
     * a 1-property buffer that a walk would read past (regressions: the raw
     * block and the list were walked first). The PUBLISH rows reach the
     * fast builder's list measure too. */
    {.name = "RL-1 build refuses a raw block of 268,435,456 bytes, unread", .version = MQW_V5,
     .pkt = {.type = MQW_PUBACK,
             .u.ack = {.type = MQW_PUBACK, .packet_id = 1,
                       .props = {.raw = {(const uint8_t *)"\x1F\x00\x00", RL_MAX + 1ul}}}},
     .err = MQW_ERR_TOO_LARGE, .rule = "RL-1"},
    {.name = "RL-1 build refuses a raw PUBLISH block of 268,435,456 bytes, unread",
     .version = MQW_V5,
     .pkt = {.type = MQW_PUBLISH,
             .u.publish = {.topic = S("a"),
                           .props = {.raw = {(const uint8_t *)"\x01\x01", RL_MAX + 1ul}}}},
     .err = MQW_ERR_TOO_LARGE, .rule = "RL-1"},
    {.name = "RL-1 build refuses 134,217,728 properties in PUBLISH, unread", .version = MQW_V5,
     .pkt = {.type = MQW_PUBLISH,
             .u.publish = {.topic = S("a"),
                           .props = {.list = (const mqw_property[]){{.id = 0x01, .v.num = 1}},
                                     .n = RL_MAX / 2 + 1}}},
     .err = MQW_ERR_TOO_LARGE, .rule = "RL-1"},
    {.name = "RL-1 build refuses 134,217,728 properties in DISCONNECT, unread",
     .version = MQW_V5,
     .pkt = {.type = MQW_DISCONNECT,
             .u.disconnect = {.props = {.list = (const mqw_property[]){{.id = 0x11, .v.num = 1}},
                                        .n = RL_MAX / 2 + 1}}},
     .err = MQW_ERR_TOO_LARGE, .rule = "RL-1"},
};
/* clang-format on */

BVEC_LOOP_TEST(prop_build_refuse, build_table)

/* Values wider than their wire type cannot be written; the builder refuses
 * them (the exact code is the builder's choice) and writes nothing. */
START_TEST(prop_build_value_too_wide)
{
    static const mqw_property wide[] = {
        {.id = MQW_PROP_TOPIC_ALIAS_MAXIMUM, .v.num = 65536},
        {.id = MQW_PROP_RECEIVE_MAXIMUM, .v.num = 0x10000u + 5},
        {.id = MQW_PROP_MAXIMUM_QOS, .v.num = 256},
        {.id = MQW_PROP_SERVER_KEEP_ALIVE, .v.num = 0xFFFFFFFFu},
    };
    uint8_t buf[64];
    memset(buf, 0xA5, sizeof buf);
    mqw_connack ca;
    memset(&ca, 0, sizeof ca);
    ca.props.list = &wide[_i];
    ca.props.n = 1;
    mqw_diag d;
    size_t len = 77;
    int rc = mqw_connack_build(buf, sizeof buf, &ca, MQW_V5, NULL, &d, &len);
    ck_assert_msg(rc < 0 && rc != MQW_ERR_NOSPACE, "0x%02X = %u: %s", wide[_i].id,
                  (unsigned)wide[_i].v.num, mqw_strerror(rc));
    ck_assert_uint_eq(len, 0);
    for (size_t i = 0; i < sizeof buf; i++)
        ck_assert_uint_eq(buf[i], 0xA5);
}
END_TEST

/* ---- property API ------------------------------------------------------ */

START_TEST(prop_type_and_name)
{
    unsigned id = (unsigned)_i; /* every byte value */
    const id_info *info = NULL;
    for (int i = 0; i < N_IDS; i++)
        if (ids[i].id == id)
            info = &ids[i];
    const char *name = mqw_property_name((uint8_t)id);
    ck_assert_ptr_nonnull(name);
    if (!info) {
        ck_assert_int_eq(mqw_property_type((uint8_t)id), MQW_PTYPE_NONE);
        ck_assert_str_eq(name, "?");
        return;
    }
    ck_assert_msg(mqw_property_type((uint8_t)id) == info->type, "0x%02X: type %d, want %d", id,
                  mqw_property_type((uint8_t)id), info->type);
    ck_assert_str_eq(name, info->name);
}
END_TEST

/* The enum in the header agrees with the spec's numbering. */
START_TEST(prop_enum_values)
{
    ck_assert_int_eq(MQW_PROP_PAYLOAD_FORMAT_INDICATOR, 0x01);
    ck_assert_int_eq(MQW_PROP_MESSAGE_EXPIRY_INTERVAL, 0x02);
    ck_assert_int_eq(MQW_PROP_CONTENT_TYPE, 0x03);
    ck_assert_int_eq(MQW_PROP_RESPONSE_TOPIC, 0x08);
    ck_assert_int_eq(MQW_PROP_CORRELATION_DATA, 0x09);
    ck_assert_int_eq(MQW_PROP_SUBSCRIPTION_IDENTIFIER, 0x0B);
    ck_assert_int_eq(MQW_PROP_SESSION_EXPIRY_INTERVAL, 0x11);
    ck_assert_int_eq(MQW_PROP_ASSIGNED_CLIENT_IDENTIFIER, 0x12);
    ck_assert_int_eq(MQW_PROP_SERVER_KEEP_ALIVE, 0x13);
    ck_assert_int_eq(MQW_PROP_AUTHENTICATION_METHOD, 0x15);
    ck_assert_int_eq(MQW_PROP_AUTHENTICATION_DATA, 0x16);
    ck_assert_int_eq(MQW_PROP_REQUEST_PROBLEM_INFORMATION, 0x17);
    ck_assert_int_eq(MQW_PROP_WILL_DELAY_INTERVAL, 0x18);
    ck_assert_int_eq(MQW_PROP_REQUEST_RESPONSE_INFORMATION, 0x19);
    ck_assert_int_eq(MQW_PROP_RESPONSE_INFORMATION, 0x1A);
    ck_assert_int_eq(MQW_PROP_SERVER_REFERENCE, 0x1C);
    ck_assert_int_eq(MQW_PROP_REASON_STRING, 0x1F);
    ck_assert_int_eq(MQW_PROP_RECEIVE_MAXIMUM, 0x21);
    ck_assert_int_eq(MQW_PROP_TOPIC_ALIAS_MAXIMUM, 0x22);
    ck_assert_int_eq(MQW_PROP_TOPIC_ALIAS, 0x23);
    ck_assert_int_eq(MQW_PROP_MAXIMUM_QOS, 0x24);
    ck_assert_int_eq(MQW_PROP_RETAIN_AVAILABLE, 0x25);
    ck_assert_int_eq(MQW_PROP_USER_PROPERTY, 0x26);
    ck_assert_int_eq(MQW_PROP_MAXIMUM_PACKET_SIZE, 0x27);
    ck_assert_int_eq(MQW_PROP_WILDCARD_SUBSCRIPTION_AVAILABLE, 0x28);
    ck_assert_int_eq(MQW_PROP_SUBSCRIPTION_IDENTIFIER_AVAILABLE, 0x29);
    ck_assert_int_eq(MQW_PROP_SHARED_SUBSCRIPTION_AVAILABLE, 0x2A);
}
END_TEST

static bool prop_eq(const mqw_property *a, const mqw_property *b)
{
    if (a->id != b->id)
        return false;
    switch (ref_type(a->id)) {
    case MQW_PTYPE_STRING:
    case MQW_PTYPE_BINARY:
        return a->v.bytes.len == b->v.bytes.len &&
               memcmp(a->v.bytes.ptr, b->v.bytes.ptr, a->v.bytes.len) == 0;
    case MQW_PTYPE_PAIR:
        return a->v.pair.name.len == b->v.pair.name.len &&
               a->v.pair.value.len == b->v.pair.value.len &&
               memcmp(a->v.pair.name.ptr, b->v.pair.name.ptr, a->v.pair.name.len) == 0 &&
               memcmp(a->v.pair.value.ptr, b->v.pair.value.ptr, a->v.pair.value.len) == 0;
    default:
        return a->v.num == b->v.num;
    }
}

static const uint8_t *parse_hex(const char *hex, size_t *len)
{
    static uint8_t buf[512];
    *len = hex_decode(hex, buf, sizeof buf, NULL);
    return buf;
}

/* Iterate a parsed block against the list it must hold: wire order,
 * typed values, views into the input; find returns the first of each id,
 * on the raw block and on the list alike. */
static void check_iteration(const mqw_props *got, const mqw_props *want, const uint8_t *buf,
                            size_t len, const char *name)
{
    ck_assert_ptr_null(got->list);
    ck_assert_msg(got->n == want->n, "%s: n %zu, want %zu", name, got->n, want->n);
    if (want->n)
        ck_assert(got->raw.ptr >= buf && got->raw.ptr + got->raw.len <= buf + len);

    mqw_iter it;
    mqw_property p;
    mqw_props_iter(&it, got);
    for (size_t i = 0; i < want->n; i++) {
        ck_assert_msg(mqw_props_next(&it, &p), "%s: ended at %zu", name, i);
        ck_assert_msg(prop_eq(&p, &want->list[i]), "%s: property %zu (0x%02X) differs", name, i,
                      p.id);
        int type = ref_type(p.id);
        if (type == MQW_PTYPE_STRING || type == MQW_PTYPE_BINARY)
            ck_assert(p.v.bytes.len == 0 ||
                      (p.v.bytes.ptr >= got->raw.ptr &&
                       p.v.bytes.ptr + p.v.bytes.len <= got->raw.ptr + got->raw.len));
        mqw_property f;
        size_t first = 0;
        while (want->list[first].id != p.id)
            first++;
        ck_assert(mqw_props_find(got, p.id, &f));
        ck_assert(prop_eq(&f, &want->list[first]));
        ck_assert(mqw_props_find(want, p.id, &f));
        ck_assert(prop_eq(&f, &want->list[first]));
        ck_assert(mqw_props_find(got, p.id, NULL));
    }
    ck_assert(!mqw_props_next(&it, &p));
    ck_assert(!mqw_props_next(&it, &p)); /* stays at the end */
    for (unsigned id = 0; id < 256; id++) {
        bool present = false;
        for (size_t i = 0; i < want->n; i++)
            present |= want->list[i].id == id;
        if (!present) {
            ck_assert(!mqw_props_find(got, (uint8_t)id, &p));
            ck_assert(!mqw_props_find(want, (uint8_t)id, NULL));
        }
    }
}

/* Every valid row of the example table (CONNACK with all 17, PUBLISH with
 * all 8, CONNECT with 9 + 7, PR-6 User Properties in order, ...), parsed
 * and iterated. */
START_TEST(prop_iterate_examples)
{
    const vec *v = &example_table[_i];
    if (v->err != MQW_OK)
        return;
    size_t len;
    const uint8_t *buf = parse_hex(v->hex, &len);
    mqw_packet pkt;
    size_t used = 0;
    ck_assert_int_eq(mqw_parse(buf, len, &pkt, v->version, NULL, NULL, &used), MQW_OK);
    ck_assert_uint_eq(used, len);
    ck_assert_int_eq(pkt.type, v->pkt.type);
    switch (pkt.type) {
    case MQW_CONNECT:
        check_iteration(&pkt.u.connect.props, &v->pkt.u.connect.props, buf, len, v->name);
        check_iteration(&pkt.u.connect.will_props, &v->pkt.u.connect.will_props, buf, len, v->name);
        break;
    case MQW_CONNACK:
        check_iteration(&pkt.u.connack.props, &v->pkt.u.connack.props, buf, len, v->name);
        break;
    case MQW_PUBLISH:
        check_iteration(&pkt.u.publish.props, &v->pkt.u.publish.props, buf, len, v->name);
        break;
    case MQW_PUBACK:
        check_iteration(&pkt.u.ack.props, &v->pkt.u.ack.props, buf, len, v->name);
        break;
    case MQW_SUBSCRIBE:
        check_iteration(&pkt.u.subscribe.props, &v->pkt.u.subscribe.props, buf, len, v->name);
        break;
    case MQW_SUBACK:
        check_iteration(&pkt.u.suback.props, &v->pkt.u.suback.props, buf, len, v->name);
        break;
    case MQW_DISCONNECT:
        check_iteration(&pkt.u.disconnect.props, &v->pkt.u.disconnect.props, buf, len, v->name);
        break;
    case MQW_AUTH:
        check_iteration(&pkt.u.auth.props, &v->pkt.u.auth.props, buf, len, v->name);
        break;
    default:
        ck_abort_msg("%s: no check for packet type %d", v->name, pkt.type);
    }
}
END_TEST

START_TEST(prop_iterate_empty)
{
    mqw_props none;
    memset(&none, 0, sizeof none);
    mqw_iter it;
    mqw_property p;
    mqw_props_iter(&it, &none);
    ck_assert(!mqw_props_next(&it, &p));
    ck_assert(!mqw_props_find(&none, MQW_PROP_USER_PROPERTY, &p));
    ck_assert(!mqw_props_find(&none, 0, NULL));

    /* A parsed 5.0 packet with Property Length 0. */
    static const uint8_t pkt[] = {0x30, 0x04, 0x00, 0x01, 0x61, 0x00};
    mqw_publish pub;
    ck_assert_int_eq(mqw_publish_parse(pkt, sizeof pkt, &pub, MQW_V5, NULL, NULL, NULL), MQW_OK);
    ck_assert_uint_eq(pub.props.n, 0);
    ck_assert_uint_eq(pub.props.raw.len, 0);
    mqw_props_iter(&it, &pub.props);
    ck_assert(!mqw_props_next(&it, &p));
}
END_TEST

/* A Property Length of two bytes (block over 127 bytes), built from a list
 * and parsed back. */
START_TEST(prop_long_block)
{
    static char reason[300];
    size_t rlen = 125 + (size_t)_i; /* block 128 + _i bytes */
    memset(reason, 'r', rlen);
    mqw_property p = {.id = MQW_PROP_REASON_STRING};
    p.v.bytes.ptr = (const uint8_t *)reason;
    p.v.bytes.len = rlen;
    run_case("PR-3 Property Length over 127 (two-byte VBI)", X_PUBACK, &p, 1, MQW_OK, 0, NULL);
}
END_TEST

/* ---- trim to fit (MQW_TRIM_TO_FIT) ------------------------------------- */

/* clang-format off */
static const mqw_property trim_props[] = {
    {.id = MQW_PROP_REASON_STRING, .v.bytes = S("reason")},  /* 9 bytes */
    {.id = MQW_PROP_USER_PROPERTY, .v.pair = {S("k"), S("v")}}, /* 7 bytes */
};
/* clang-format on */

typedef struct trim_row {
    const char *name;
    uint8_t code;
    uint32_t max;
    uint32_t flags;
    int err;
    unsigned dropped;
    const char *hex; /* expected packet */
} trim_row;

#define TRIM MQW_TRIM_TO_FIT
#define RS MQW_DROPPED_REASON_STRING
#define UP MQW_DROPPED_USER_PROPERTY

/* clang-format off */
static const trim_row trim_table[] = {
    {"PR-6 trim: fits whole at 22", 0x10, 22, TRIM, MQW_OK, 0,
     "40 14  00 01  10  10  1F 00 06 72 65 61 73 6F 6E  26 00 01 6B 00 01 76"},
    {"PR-6 trim: no limit", 0x10, 0, TRIM, MQW_OK, 0,
     "40 14  00 01  10  10  1F 00 06 72 65 61 73 6F 6E  26 00 01 6B 00 01 76"},
    {"PR-6 C-27 trim: Reason String dropped first at 21", 0x10, 21, TRIM, MQW_OK, RS,
     "40 0B  00 01  10  07  26 00 01 6B 00 01 76"},
    {"PR-6 trim: Reason String dropped at 13", 0x10, 13, TRIM, MQW_OK, RS,
     "40 0B  00 01  10  07  26 00 01 6B 00 01 76"},
    {"PR-6 trim: then User Properties at 12 (RL 3 form)", 0x10, 12, TRIM, MQW_OK, RS | UP,
     "40 03  00 01  10"},
    {"PR-6 trim: both dropped at 5", 0x10, 5, TRIM, MQW_OK, RS | UP, "40 03  00 01  10"},
    {"PR-6 trim: not even the bare ack fits at 4", 0x10, 4, TRIM, MQW_ERR_TOO_LARGE, 0, NULL},
    {"PR-6 trim: Success ack trims to the RL 2 form at 4", 0x00, 4, TRIM, MQW_OK, RS | UP,
     "40 02  00 01"},
    {"PR-6 C-27 no trim without MQW_TRIM_TO_FIT", 0x10, 21, 0, MQW_ERR_TOO_LARGE, 0, NULL},
};
/* clang-format on */

START_TEST(prop_trim)
{
    const trim_row *r = &trim_table[_i];
    mqw_ack ack;
    memset(&ack, 0, sizeof ack);
    ack.type = MQW_PUBACK;
    ack.packet_id = 1;
    ack.code = r->code;
    ack.props.list = trim_props;
    ack.props.n = ARRAY_LEN(trim_props);
    mqw_limits lim = {r->max, r->flags, 0};

    uint8_t buf[64], want[64];
    memset(buf, 0xA5, sizeof buf);
    mqw_diag d = {99, "x", 99};
    size_t len = 777;
    int rc = mqw_ack_build(buf, sizeof buf, &ack, MQW_V5, &lim, &d, &len);
    ck_assert_msg(rc == r->err, "%s: %s", r->name, mqw_strerror(rc));
    if (rc != MQW_OK) {
        ck_assert_uint_eq(len, 0);
        for (size_t i = 0; i < sizeof buf; i++)
            ck_assert_uint_eq(buf[i], 0xA5);
        return;
    }
    size_t wlen = hex_decode(r->hex, want, sizeof want, NULL);
    ck_assert_uint_eq(len, wlen);
    ck_assert_int_eq(memcmp(buf, want, wlen), 0);
    ck_assert_uint_eq(buf[wlen], 0xA5);
    ck_assert_msg(d.dropped == r->dropped, "%s: dropped %u, want %u", r->name, d.dropped,
                  r->dropped);

    /* The size query agrees, drop set included. */
    mqw_diag dq = {0, NULL, 0};
    size_t qlen = 0;
    ck_assert_int_eq(mqw_ack_build(NULL, 0, &ack, MQW_V5, &lim, &dq, &qlen), MQW_ERR_NOSPACE);
    ck_assert_uint_eq(qlen, wlen);
    ck_assert_uint_eq(dq.dropped, r->dropped);

    /* One byte short of the trimmed size: NOSPACE, nothing past cap. */
    memset(buf, 0xA5, sizeof buf);
    qlen = 0;
    ck_assert_int_eq(mqw_ack_build(buf, wlen - 1, &ack, MQW_V5, &lim, NULL, &qlen),
                     MQW_ERR_NOSPACE);
    ck_assert_uint_eq(qlen, wlen);
    for (size_t i = wlen - 1; i < sizeof buf; i++)
        ck_assert_uint_eq(buf[i], 0xA5);

    /* What was written parses back within the limit. */
    memset(buf, 0xA5, sizeof buf);
    ck_assert_int_eq(mqw_ack_build(buf, sizeof buf, &ack, MQW_V5, &lim, NULL, &len), MQW_OK);
    mqw_ack back;
    ck_assert_int_eq(mqw_ack_parse(buf, len, &back, MQW_V5, &lim, NULL, NULL), MQW_OK);
    ck_assert_uint_eq(back.code, r->code);
    ck_assert_uint_eq(back.props.n, ARRAY_LEN(trim_props) - (r->dropped & RS ? 1 : 0) -
                                        (r->dropped & UP ? 1 : 0));
}
END_TEST

/* Several User Properties: the Reason String still goes first, and only
 * Reason String and User Properties are ever dropped (a CONNACK keeps its
 * other properties, or does not fit at all). */
START_TEST(prop_trim_order)
{
    static const mqw_property props[] = {
        {.id = MQW_PROP_USER_PROPERTY, .v.pair = {S("k"), S("v")}},
        {.id = MQW_PROP_REASON_STRING, .v.bytes = S("reason")},
        {.id = MQW_PROP_USER_PROPERTY, .v.pair = {S("k"), S("w")}},
    };
    mqw_ack ack;
    memset(&ack, 0, sizeof ack);
    ack.type = MQW_PUBREC;
    ack.packet_id = 7;
    ack.code = 0x80;
    ack.props.list = props;
    ack.props.n = 3;
    uint8_t buf[64];
    size_t len = 0;
    mqw_diag d;
    /* Whole: 2 + 1 + 1 + 23 = RL 27, 29 bytes. At 28 only the Reason
     * String goes and both User Properties stay, in order. */
    mqw_limits lim = {28, MQW_TRIM_TO_FIT, 0};
    ck_assert_int_eq(mqw_ack_build(buf, sizeof buf, &ack, MQW_V5, &lim, &d, &len), MQW_OK);
    ck_assert_uint_eq(d.dropped, MQW_DROPPED_REASON_STRING);
    uint8_t want[64];
    size_t wlen = hex_decode("50 12  00 07  80  0E  26 00 01 6B 00 01 76  26 00 01 6B 00 01 77",
                             want, sizeof want, NULL);
    ck_assert_uint_eq(len, wlen);
    ck_assert_int_eq(memcmp(buf, want, wlen), 0);
    /* At 19 User Properties must go too; whatever is kept fits. */
    lim.max_packet_size = 19;
    ck_assert_int_eq(mqw_ack_build(buf, sizeof buf, &ack, MQW_V5, &lim, &d, &len), MQW_OK);
    ck_assert_uint_eq(d.dropped, MQW_DROPPED_REASON_STRING | MQW_DROPPED_USER_PROPERTY);
    ck_assert_uint_le(len, 19);
    mqw_ack back;
    ck_assert_int_eq(mqw_ack_parse(buf, len, &back, MQW_V5, NULL, NULL, NULL), MQW_OK);
    ck_assert(!mqw_props_find(&back.props, MQW_PROP_REASON_STRING, NULL));

    /* CONNACK: Receive Maximum is never dropped. */
    static const mqw_property cprops[] = {
        {.id = MQW_PROP_RECEIVE_MAXIMUM, .v.num = 10},
        {.id = MQW_PROP_REASON_STRING, .v.bytes = S("reason")},
    };
    mqw_connack ca;
    memset(&ca, 0, sizeof ca);
    ca.props.list = cprops;
    ca.props.n = 2;
    lim.max_packet_size = 16; /* whole: 17 */
    ck_assert_int_eq(mqw_connack_build(buf, sizeof buf, &ca, MQW_V5, &lim, &d, &len), MQW_OK);
    ck_assert_uint_eq(d.dropped, MQW_DROPPED_REASON_STRING);
    wlen = hex_decode("20 06  00 00  03  21 00 0A", want, sizeof want, NULL);
    ck_assert_uint_eq(len, wlen);
    ck_assert_int_eq(memcmp(buf, want, wlen), 0);
    lim.max_packet_size = 7;
    memset(buf, 0xA5, sizeof buf);
    ck_assert_int_eq(mqw_connack_build(buf, sizeof buf, &ca, MQW_V5, &lim, &d, &len),
                     MQW_ERR_TOO_LARGE);
    ck_assert_uint_eq(len, 0);
    ck_assert_uint_eq(buf[0], 0xA5);
}
END_TEST

/* Regression (review): the property sizes of a list were summed without a
 * bound, so on a 32-bit size_t a huge list wrapped to a small size and the
 * write overran the buffer. The sum now saturates: a list past the largest
 * Remaining Length is refused, here with 4100 User Properties whose names
 * are 65,535 bytes each (about 268.7 MB > 268,435,455). */
START_TEST(prop_list_size_saturates)
{
    enum { N = 4100 };
    static uint8_t name[65535];
    static mqw_property list[N];
    memset(name, 'n', sizeof name);
    for (size_t i = 0; i < N; i++) {
        list[i].id = MQW_PROP_USER_PROPERTY;
        list[i].v.pair.name = (mqw_bytes){name, sizeof name};
        list[i].v.pair.value = (mqw_bytes){NULL, 0};
    }
    mqw_packet pkt = {.type = MQW_PUBLISH};
    pkt.u.publish.topic = mqw_cstr("a");
    pkt.u.publish.props.list = list;
    pkt.u.publish.props.n = N;
    size_t len = 1;
    mqw_diag diag;
    ck_assert_int_eq(mqw_size(&pkt, MQW_V5, NULL, &len), MQW_ERR_TOO_LARGE);
    uint8_t out[64];
    ck_assert_int_eq(mqw_build(out, sizeof out, &pkt, MQW_V5, NULL, &diag, &len),
                     MQW_ERR_TOO_LARGE);
    ck_assert_uint_eq(len, 0);
}
END_TEST

/* Regression (review): a trimmed build that still does not fit is refused
 * and writes nothing, so it reports nothing dropped. */
START_TEST(prop_trim_refused_reports_nothing)
{
    static const mqw_property props[] = {
        {.id = MQW_PROP_REASON_STRING, .v.bytes = {(const uint8_t *)"reason", 6}},
        {.id = MQW_PROP_MAXIMUM_QOS, .v.num = 1},
    };
    mqw_connack ca = {.code = 0, .props = {.list = props, .n = 2}};
    mqw_limits lim = {6, MQW_TRIM_TO_FIT, MQW_ROLE_ANY};
    mqw_diag diag;
    size_t len = 1;
    uint8_t out[64];
    ck_assert_int_eq(mqw_connack_build(out, sizeof out, &ca, MQW_V5, &lim, &diag, &len),
                     MQW_ERR_TOO_LARGE);
    ck_assert_uint_eq(len, 0);
    ck_assert_uint_eq(diag.dropped, 0);
}
END_TEST

/* NUL (STR-6) or 0xFF (STR-4) at each byte of a User Property's name,
 * then of its value, 1 to 24 bytes, in a 5.0 PUBLISH: the parser refuses
 * it at that byte and the builder refuses the same list, whichever path
 * judges the string's length; the clean pair goes through both ways. */
START_TEST(prop_string_byte_positions)
{
    static const uint8_t odd[] = {0x00, 0xFF};
    static const uint8_t one[1] = {'v'};
    size_t len = (size_t)_i + 1;
    for (int part = 0; part < 2; part++) { /* 0: the name, 1: the value */
        for (size_t at = 0; at <= len; at++) {
            for (size_t o = 0; o < sizeof odd; o++) {
                uint8_t str[24];
                for (size_t k = 0; k < len; k++)
                    str[k] = (uint8_t)('a' + k % 26);
                bool clean = at == len;
                if (!clean)
                    str[at] = odd[o];
                const uint8_t *name = part == 0 ? str : one, *value = part == 0 ? one : str;
                size_t name_len = part == 0 ? len : 1, value_len = part == 0 ? 1 : len;
                /* PUBLISH QoS 0, topic "t", Property Length, User Property. */
                uint8_t pkt[80];
                size_t pl = 1 + 2 + name_len + 2 + value_len, n = 0;
                pkt[n++] = 0x30;
                pkt[n++] = (uint8_t)(3 + 1 + pl);
                pkt[n++] = 0x00;
                pkt[n++] = 0x01;
                pkt[n++] = 't';
                pkt[n++] = (uint8_t)pl;
                pkt[n++] = MQW_PROP_USER_PROPERTY;
                pkt[n++] = 0x00;
                pkt[n++] = (uint8_t)name_len;
                memcpy(pkt + n, name, name_len);
                n += name_len;
                pkt[n++] = 0x00;
                pkt[n++] = (uint8_t)value_len;
                memcpy(pkt + n, value, value_len);
                n += value_len;
                size_t bad_off = part == 0 ? 9 + at : 9 + name_len + 2 + at;

                mqw_publish p;
                mqw_diag diag;
                int rc = mqw_publish_parse(pkt, n, &p, MQW_V5, NULL, &diag, NULL);
                mqw_property list[1] = {{.id = MQW_PROP_USER_PROPERTY,
                                         .v.pair = {{name, name_len}, {value, value_len}}}};
                mqw_publish in;
                memset(&in, 0, sizeof in);
                in.topic = (mqw_bytes){(const uint8_t *)"t", 1};
                in.props.list = list;
                in.props.n = 1;
                uint8_t out[80];
                size_t built = 0;
                int brc = mqw_publish_build(out, sizeof out, &in, MQW_V5, NULL, NULL, &built);
                char what[80];
                snprintf(what, sizeof what, "User Property %s of %zu bytes, 0x%02X at %zu",
                         part == 0 ? "name" : "value", len, odd[o], at);
                expect_string_verdict(what, clean, rc, &diag, bad_off, brc, out, built, pkt, n);
                if (clean)
                    break;
            }
        }
    }
}
END_TEST

/* ---- typed constructors (mqttwire.h) ------------------------------------ */

/* Each constructor, for one identifier: the property it makes. */
static mqw_property construct(int kind, uint8_t id, mqw_bytes a, mqw_bytes b)
{
    switch (kind) {
    case MQW_PTYPE_BYTE:
        return mqw_prop_byte(id, 0x01);
    case MQW_PTYPE_U16:
        return mqw_prop_u16(id, 0x0102);
    case MQW_PTYPE_U32:
        return mqw_prop_u32(id, 0x01020304);
    case MQW_PTYPE_VARINT:
        return mqw_prop_varint(id, 300);
    case MQW_PTYPE_STRING:
        return mqw_prop_string(id, a);
    case MQW_PTYPE_BINARY:
        return mqw_prop_binary(id, a);
    default:
        (void)id;
        return mqw_prop_pair(a, b);
    }
}

/* For every identifier byte and constructor: the identifier kept exactly
 * when its type (props.c's table, through mqw_property_type) is the
 * constructor's, so the header's MQW_PROP_IDS_* sets agree with it; the
 * value in its member and every other byte of the union zero. */
START_TEST(prop_constructors)
{
    uint8_t id = (uint8_t)_i;
    static const uint8_t text[] = "name", other[] = "value";
    mqw_bytes a = {text, 4}, b = {other, 5};
    for (int kind = MQW_PTYPE_BYTE; kind <= MQW_PTYPE_PAIR; kind++) {
        mqw_property p = construct(kind, id, a, b);
        bool same = kind == MQW_PTYPE_PAIR ? true : mqw_property_type(id) == kind;
        uint8_t want = kind == MQW_PTYPE_PAIR ? MQW_PROP_USER_PROPERTY : same ? id : 0;
        ck_assert_msg(p.id == want, "id 0x%02X, type %d: made id 0x%02X, expected 0x%02X", id, kind,
                      p.id, want);
        mqw_property z;
        memset(&z, 0, sizeof z);
        switch (kind) {
        case MQW_PTYPE_BYTE:
        case MQW_PTYPE_U16:
        case MQW_PTYPE_U32:
        case MQW_PTYPE_VARINT:
            z.v.num = p.v.num;
            ck_assert_uint_eq(p.v.num, kind == MQW_PTYPE_BYTE  ? 0x01u
                                       : kind == MQW_PTYPE_U16 ? 0x0102u
                                       : kind == MQW_PTYPE_U32 ? 0x01020304u
                                                               : 300u);
            break;
        case MQW_PTYPE_STRING:
        case MQW_PTYPE_BINARY:
            ck_assert(p.v.bytes.ptr == text && p.v.bytes.len == 4);
            z.v.bytes = a;
            break;
        default:
            ck_assert(p.v.pair.name.ptr == text && p.v.pair.value.ptr == other);
            z.v.pair.name = a;
            z.v.pair.value = b;
            break;
        }
        z.id = p.id;
        ck_assert_msg(memcmp(&z, &p, sizeof p) == 0, "id 0x%02X, type %d: stray bytes", id, kind);
    }
}
END_TEST

/* A constructor given an identifier of another type makes a property every
 * builder refuses, where a hand-written initialiser with the wrong member
 * is read through the identifier's own (a Content Type made of .v.num
 * comes out empty: the builder has no tag to tell). */
START_TEST(prop_constructor_mismatch)
{
    uint8_t out[64];
    size_t len = 0;
    mqw_diag diag;
    const mqw_property wrong[] = {
        mqw_prop_u32(MQW_PROP_CONTENT_TYPE, 7),
        mqw_prop_string(MQW_PROP_MESSAGE_EXPIRY_INTERVAL, mqw_cstr("60")),
        mqw_prop_byte(MQW_PROP_TOPIC_ALIAS, 1),
        mqw_prop_u16(MQW_PROP_USER_PROPERTY, 1),
    };
    for (size_t i = 0; i < ARRAY_LEN(wrong); i++) {
        mqw_publish pub = {.topic = S("t"), .props = {.list = &wrong[i], .n = 1}};
        ck_assert_int_eq(mqw_publish_build(out, sizeof out, &pub, MQW_V5, NULL, &diag, &len),
                         MQW_ERR_PROPERTY_ID);
        ck_assert_uint_eq(len, 0);
        ck_assert_str_eq(diag.rule, "PR-1");
        mqw_disconnect d = {.code = 0, .props = {.list = &wrong[i], .n = 1}};
        ck_assert_int_eq(mqw_disconnect_build(out, sizeof out, &d, MQW_V5, NULL, NULL, &len),
                         MQW_ERR_PROPERTY_ID);
    }
    const mqw_property by_hand[] = {{.id = MQW_PROP_CONTENT_TYPE, .v.num = 7}};
    mqw_publish pub = {.topic = S("t"), .props = {.list = by_hand, .n = 1}};
    ck_assert_int_eq(mqw_publish_build(out, sizeof out, &pub, MQW_V5, NULL, NULL, &len), MQW_OK);
    static const uint8_t empty_content_type[] = {0x30, 0x07, 0x00, 0x01, 't',
                                                 0x03, 0x03, 0x00, 0x00};
    ck_assert_uint_eq(len, sizeof empty_content_type);
    ck_assert_mem_eq(out, empty_content_type, len);

    /* Made with the constructors, the same packet as from a table. */
    const mqw_property made[] = {
        mqw_prop_byte(MQW_PROP_PAYLOAD_FORMAT_INDICATOR, 1),
        mqw_prop_u32(MQW_PROP_MESSAGE_EXPIRY_INTERVAL, 60),
        mqw_prop_string(MQW_PROP_CONTENT_TYPE, mqw_cstr("text/plain")),
        mqw_prop_binary(MQW_PROP_CORRELATION_DATA, mqw_cstr("\x01\x02")),
        mqw_prop_u16(MQW_PROP_TOPIC_ALIAS, 3),
        mqw_prop_varint(MQW_PROP_SUBSCRIPTION_IDENTIFIER, 300),
        mqw_prop_pair(mqw_cstr("unit"), mqw_cstr("celsius")),
    };
    static const mqw_property table[] = {
        {.id = MQW_PROP_PAYLOAD_FORMAT_INDICATOR, .v.num = 1},
        {.id = MQW_PROP_MESSAGE_EXPIRY_INTERVAL, .v.num = 60},
        {.id = MQW_PROP_CONTENT_TYPE, .v.bytes = S("text/plain")},
        {.id = MQW_PROP_CORRELATION_DATA, .v.bytes = S("\x01\x02")},
        {.id = MQW_PROP_TOPIC_ALIAS, .v.num = 3},
        {.id = MQW_PROP_SUBSCRIPTION_IDENTIFIER, .v.num = 300},
        {.id = MQW_PROP_USER_PROPERTY, .v.pair = {S("unit"), S("celsius")}},
    };
    uint8_t a[128], b[128];
    size_t la = 0, lb = 0;
    mqw_publish pa = {.topic = S("t"), .props = {.list = made, .n = ARRAY_LEN(made)}};
    mqw_publish pb = {.topic = S("t"), .props = {.list = table, .n = ARRAY_LEN(table)}};
    ck_assert_int_eq(mqw_publish_build(a, sizeof a, &pa, MQW_V5, NULL, NULL, &la), MQW_OK);
    ck_assert_int_eq(mqw_publish_build(b, sizeof b, &pb, MQW_V5, NULL, NULL, &lb), MQW_OK);
    ck_assert_uint_eq(la, lb);
    ck_assert_mem_eq(a, b, la);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("props");
    TCase *tc;

    tc = tcase_create("prop_api");
    tcase_add_loop_test(tc, prop_type_and_name, 0, 256);
    tcase_add_test(tc, prop_enum_values);
    tcase_add_loop_test(tc, prop_iterate_examples, 0, (int)ARRAY_LEN(example_table));
    tcase_add_test(tc, prop_iterate_empty);
    tcase_add_loop_test(tc, prop_constructors, 0, 256);
    tcase_add_test(tc, prop_constructor_mismatch);
    suite_add_tcase(s, tc);

    tc = tcase_create("prop_examples");
    tcase_add_loop_test(tc, prop_examples, 0, (int)ARRAY_LEN(example_table));
    suite_add_tcase(s, tc);

    tc = tcase_create("prop_matrix");
    tcase_add_loop_test(tc, prop_matrix, 0, N_CTX * N_IDS);
    suite_add_tcase(s, tc);

    tc = tcase_create("prop_unknown");
    tcase_add_loop_test(tc, prop_unknown, 0, N_CTX * (int)ARRAY_LEN(unknown_ids));
    suite_add_tcase(s, tc);

    tc = tcase_create("prop_duplicate");
    tcase_add_loop_test(tc, prop_duplicate, 0, N_CTX * N_IDS);
    suite_add_tcase(s, tc);

    tc = tcase_create("prop_values");
    tcase_add_loop_test(tc, prop_values, 0, N_CTX * (int)ARRAY_LEN(value_table));
    suite_add_tcase(s, tc);

    tc = tcase_create("prop_strings");
    tcase_add_loop_test(tc, prop_strings, 0, N_CTX * N_IDS);
    tcase_add_loop_test(tc, prop_long_block, 0, 130);
    tcase_add_loop_test(tc, prop_string_byte_positions, 0, 24);
    suite_add_tcase(s, tc);

    tc = tcase_create("prop_build_refuse");
    tcase_add_loop_test(tc, prop_build_refuse, 0, (int)ARRAY_LEN(build_table));
    tcase_add_loop_test(tc, prop_build_value_too_wide, 0, 4);
    suite_add_tcase(s, tc);

    tc = tcase_create("prop_trim");
    tcase_add_loop_test(tc, prop_trim, 0, (int)ARRAY_LEN(trim_table));
    tcase_add_test(tc, prop_trim_order);
    tcase_add_test(tc, prop_list_size_saturates);
    tcase_add_test(tc, prop_trim_refused_reports_nothing);
    suite_add_tcase(s, tc);

    return suite_main(s);
}
