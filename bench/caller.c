/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/*
 * The caller layer: what a user's code pays for each operation. Build
 * operations fill the library's struct from the application's values on
 * every call (a designated initialiser, as the README's examples do);
 * parse operations read every field back, every SUBSCRIBE entry and every
 * property of the 5.0 packets included; the stream operation runs the
 * README's receive loop over the broker inbound mix, one packet per call.
 * This file sees only the public header, and the library is a separate
 * archive (no LTO), so nothing of the glue is folded into the codec.
 */
#include <stdio.h>
#include <string.h>

#include "bench.h"
#include "mqttwire.h"

/* A view of one of the application's strings. */
static mqw_bytes view(bench_bytes b)
{
    mqw_bytes v = {b.ptr, b.len};
    return v;
}

/* Offset of a returned view in the packet, for the record. */
#define AT(v, base) ((uintptr_t)((v).ptr - (base)))

/* ---- 3.1.1 ------------------------------------------------------------------ */

static int user_publish_build_64(void)
{
    mqw_publish pub = {.qos = 1,
                       .packet_id = bench_app.packet_id,
                       .topic = view(bench_app.topic),
                       .payload = view(bench_app.payload)};
    size_t len = 0;
    int rc = mqw_publish_build(bench_out, sizeof bench_out, &pub, MQW_V311, NULL, NULL, &len);
    bench_out_len = len;
    return rc;
}

static int user_publish_header_64(void)
{
    mqw_publish pub = {.qos = 1,
                       .packet_id = bench_app.packet_id,
                       .topic = view(bench_app.topic),
                       .payload = view(bench_app.payload)};
    size_t len = 0;
    int rc =
        mqw_publish_build_header(bench_out, sizeof bench_out, &pub, MQW_V311, NULL, NULL, &len);
    bench_out_len = len;
    return rc;
}

/* Every field of a parsed PUBLISH into the record (slots 0..8). */
static void record_publish(const mqw_publish *p, const uint8_t *base, size_t used)
{
    bench_rec[0] = p->qos;
    bench_rec[1] = p->dup;
    bench_rec[2] = p->retain;
    bench_rec[3] = p->packet_id;
    bench_rec[4] = AT(p->topic, base);
    bench_rec[5] = p->topic.len;
    bench_rec[6] = AT(p->payload, base);
    bench_rec[7] = p->payload.len;
    bench_rec[8] = used;
}

static int user_publish_parse_64(void)
{
    const uint8_t *in = bench_ref.publish_64.ptr;
    mqw_publish p;
    size_t used = 0;
    int rc = mqw_publish_parse(in, bench_ref.publish_64.len, &p, MQW_V311, NULL, NULL, &used);
    if (rc)
        return rc;
    record_publish(&p, in, used);
    return MQW_OK;
}

static int user_connect_build(void)
{
    mqw_connect c = {.version = MQW_V311,
                     .clean_start = true,
                     .keep_alive = bench_app.keep_alive,
                     .client_id = view(bench_app.client_id),
                     .will = true,
                     .will_qos = 1,
                     .will_retain = true,
                     .will_topic = view(bench_app.will_topic),
                     .will_payload = view(bench_app.will_message),
                     .has_username = true,
                     .username = view(bench_app.username),
                     .has_password = true,
                     .password = view(bench_app.password)};
    size_t len = 0;
    int rc = mqw_connect_build(bench_out, sizeof bench_out, &c, NULL, NULL, &len);
    bench_out_len = len;
    return rc;
}

/* Every field of a parsed CONNECT (slots 0..18). */
static void record_connect(const mqw_connect *c, const uint8_t *base, size_t used)
{
    bench_rec[0] = c->version;
    bench_rec[1] = c->clean_start;
    bench_rec[2] = c->keep_alive;
    bench_rec[3] = AT(c->client_id, base);
    bench_rec[4] = c->client_id.len;
    bench_rec[5] = c->will;
    bench_rec[6] = c->will_qos;
    bench_rec[7] = c->will_retain;
    bench_rec[8] = AT(c->will_topic, base);
    bench_rec[9] = c->will_topic.len;
    bench_rec[10] = AT(c->will_payload, base);
    bench_rec[11] = c->will_payload.len;
    bench_rec[12] = c->has_username;
    bench_rec[13] = AT(c->username, base);
    bench_rec[14] = c->username.len;
    bench_rec[15] = c->has_password;
    bench_rec[16] = AT(c->password, base);
    bench_rec[17] = c->password.len;
    bench_rec[18] = used;
}

static int user_connect_parse(void)
{
    const uint8_t *in = bench_ref.connect.ptr;
    mqw_connect c;
    size_t used = 0;
    int rc = mqw_connect_parse(in, bench_ref.connect.len, &c, NULL, NULL, &used);
    if (rc)
        return rc;
    record_connect(&c, in, used);
    return MQW_OK;
}

static int user_subscribe_build(void)
{
    mqw_subscription subs[3] = {
        {.filter = view(bench_app.filters[0]), .qos = bench_app.filter_qos[0]},
        {.filter = view(bench_app.filters[1]), .qos = bench_app.filter_qos[1]},
        {.filter = view(bench_app.filters[2]), .qos = bench_app.filter_qos[2]},
    };
    mqw_subscribe s = {.packet_id = bench_app.subscribe_id, .subs = subs, .n = 3};
    size_t len = 0;
    int rc = mqw_subscribe_build(bench_out, sizeof bench_out, &s, MQW_V311, NULL, NULL, &len);
    bench_out_len = len;
    return rc;
}

/* The packet id, the count, every entry (with its verdict, which a server
 * answers per filter) and the length, as a server reads a SUBSCRIBE. */
static int subscribe_parse(bench_bytes pkt, int version)
{
    const uint8_t *in = pkt.ptr;
    mqw_subscribe s;
    size_t used = 0;
    int rc = mqw_subscribe_parse(in, pkt.len, &s, version, NULL, NULL, &used);
    if (rc)
        return rc;
    bench_rec[0] = s.packet_id;
    bench_rec[1] = s.n;
    size_t k = 2;
    mqw_iter it;
    mqw_subscription e;
    mqw_subscribe_iter(&it, &s, version);
    while (mqw_subscribe_next(&it, &e) && k + 6 < BENCH_REC_MAX) {
        if (e.status != MQW_OK)
            return e.status;
        bench_rec[k++] = AT(e.filter, in);
        bench_rec[k++] = e.filter.len;
        bench_rec[k++] = e.qos;
        bench_rec[k++] = e.no_local;
        bench_rec[k++] = e.retain_as_published;
        bench_rec[k++] = e.retain_handling;
    }
    bench_rec[k] = used;
    return MQW_OK;
}

static int user_subscribe_parse(void)
{
    return subscribe_parse(bench_ref.subscribe, MQW_V311);
}

static int user_puback_build(void)
{
    mqw_ack ack = {.type = MQW_PUBACK, .packet_id = bench_app.packet_id};
    size_t len = 0;
    int rc = mqw_ack_build(bench_out, sizeof bench_out, &ack, MQW_V311, NULL, NULL, &len);
    bench_out_len = len;
    return rc;
}

/* type, packet id, reason code, properties, length */
static int puback_parse(bench_bytes pkt, int version)
{
    mqw_ack a;
    size_t used = 0;
    int rc = mqw_ack_parse(pkt.ptr, pkt.len, &a, version, NULL, NULL, &used);
    if (rc)
        return rc;
    bench_rec[0] = a.type;
    bench_rec[1] = a.packet_id;
    bench_rec[2] = a.code;
    bench_rec[3] = a.props.n;
    bench_rec[4] = used;
    return MQW_OK;
}

static int user_puback_parse(void)
{
    return puback_parse(bench_ref.puback, MQW_V311);
}

/* ---- 5.0 -------------------------------------------------------------------- */

/* Every property of a parsed block, in wire order, from slot k on: the
 * identifier, then the number or the two halves of a User Property (the
 * only kinds these packets carry). Returns the next free slot. */
static size_t record_props(const mqw_props *props, const uint8_t *base, size_t k)
{
    mqw_iter it;
    mqw_property pr;
    mqw_props_iter(&it, props);
    while (mqw_props_next(&it, &pr) && k + 5 < BENCH_REC_MAX) {
        bench_rec[k++] = pr.id;
        if (pr.id == MQW_PROP_USER_PROPERTY) {
            bench_rec[k++] = AT(pr.v.pair.name, base);
            bench_rec[k++] = pr.v.pair.name.len;
            bench_rec[k++] = AT(pr.v.pair.value, base);
            bench_rec[k++] = pr.v.pair.value.len;
        } else {
            bench_rec[k++] = pr.v.num;
        }
    }
    return k;
}

static int user_publish5_build(void)
{
    mqw_property props[3] = {
        {.id = MQW_PROP_TOPIC_ALIAS, .v.num = bench_app.topic_alias},
        {.id = MQW_PROP_USER_PROPERTY,
         .v.pair = {view(bench_app.user_names[0]), view(bench_app.user_values[0])}},
        {.id = MQW_PROP_USER_PROPERTY,
         .v.pair = {view(bench_app.user_names[1]), view(bench_app.user_values[1])}},
    };
    mqw_publish pub = {.qos = 1,
                       .packet_id = bench_app.packet_id,
                       .topic = view(bench_app.topic),
                       .props = {.list = props, .n = 3},
                       .payload = view(bench_app.payload)};
    size_t len = 0;
    int rc = mqw_publish_build(bench_out, sizeof bench_out, &pub, MQW_V5, NULL, NULL, &len);
    bench_out_len = len;
    return rc;
}

static int user_publish5_parse(void)
{
    const uint8_t *in = bench_ref.publish5.ptr;
    mqw_publish p;
    size_t used = 0;
    int rc = mqw_publish_parse(in, bench_ref.publish5.len, &p, MQW_V5, NULL, NULL, &used);
    if (rc)
        return rc;
    record_publish(&p, in, used);
    record_props(&p.props, in, 9);
    return MQW_OK;
}

static int user_connect5_build(void)
{
    mqw_property props[5] = {
        {.id = MQW_PROP_SESSION_EXPIRY_INTERVAL, .v.num = bench_app.session_expiry},
        {.id = MQW_PROP_RECEIVE_MAXIMUM, .v.num = bench_app.receive_max},
        {.id = MQW_PROP_MAXIMUM_PACKET_SIZE, .v.num = bench_app.max_packet_size},
        {.id = MQW_PROP_TOPIC_ALIAS_MAXIMUM, .v.num = bench_app.topic_alias_max},
        {.id = MQW_PROP_USER_PROPERTY,
         .v.pair = {view(bench_app.app_name), view(bench_app.app_value)}},
    };
    mqw_connect c = {.version = MQW_V5,
                     .clean_start = true,
                     .keep_alive = bench_app.keep_alive,
                     .props = {.list = props, .n = 5},
                     .client_id = view(bench_app.client_id),
                     .will = true,
                     .will_qos = 1,
                     .will_retain = true,
                     .will_topic = view(bench_app.will_topic),
                     .will_payload = view(bench_app.will_message),
                     .has_username = true,
                     .username = view(bench_app.username),
                     .has_password = true,
                     .password = view(bench_app.password)};
    size_t len = 0;
    int rc = mqw_connect_build(bench_out, sizeof bench_out, &c, NULL, NULL, &len);
    bench_out_len = len;
    return rc;
}

static int user_connect5_parse(void)
{
    const uint8_t *in = bench_ref.connect5.ptr;
    mqw_connect c;
    size_t used = 0;
    int rc = mqw_connect_parse(in, bench_ref.connect5.len, &c, NULL, NULL, &used);
    if (rc)
        return rc;
    record_connect(&c, in, used);
    size_t k = record_props(&c.props, in, 19);
    record_props(&c.will_props, in, k);
    return MQW_OK;
}

static int user_puback5_build(void)
{
    mqw_ack ack = {
        .type = MQW_PUBACK, .packet_id = bench_app.packet_id, .code = bench_app.puback_code};
    size_t len = 0;
    int rc = mqw_ack_build(bench_out, sizeof bench_out, &ack, MQW_V5, NULL, NULL, &len);
    bench_out_len = len;
    return rc;
}

static int user_puback5_parse(void)
{
    return puback_parse(bench_ref.puback5, MQW_V5);
}

static int user_subscribe5_build(void)
{
    mqw_subscription subs[3] = {
        {.filter = view(bench_app.filters[0]), .qos = bench_app.filter_qos[0]},
        {.filter = view(bench_app.filters[1]), .qos = bench_app.filter_qos[1], .no_local = true},
        {.filter = view(bench_app.filters[2]),
         .qos = bench_app.filter_qos[2],
         .retain_as_published = true,
         .retain_handling = 1},
    };
    mqw_subscribe s = {.packet_id = bench_app.subscribe_id, .subs = subs, .n = 3};
    size_t len = 0;
    int rc = mqw_subscribe_build(bench_out, sizeof bench_out, &s, MQW_V5, NULL, NULL, &len);
    bench_out_len = len;
    return rc;
}

static int user_subscribe5_parse(void)
{
    return subscribe_parse(bench_ref.subscribe5, MQW_V5);
}

/* ---- the stream ------------------------------------------------------------- */

/* What a broker hands on from each packet of the mix. */
static int consume(bench_stream *s, const mqw_packet *pkt, int version)
{
    uint64_t d = s->digest;
    switch (pkt->type) {
    case MQW_PUBLISH: {
        const mqw_publish *p = &pkt->u.publish;
        d = bench_digest(d, MQW_PUBLISH);
        d = bench_digest(d, p->qos);
        d = bench_digest(d, p->packet_id);
        d = bench_digest(d, p->topic.len);
        d = bench_digest(d, p->payload.len);
        break;
    }
    case MQW_PUBACK:
        d = bench_digest(d, MQW_PUBACK);
        d = bench_digest(d, pkt->u.ack.packet_id);
        break;
    case MQW_PINGREQ:
        d = bench_digest(d, MQW_PINGREQ);
        break;
    case MQW_SUBSCRIBE: {
        mqw_iter it;
        mqw_subscription e;
        d = bench_digest(d, MQW_SUBSCRIBE);
        d = bench_digest(d, pkt->u.subscribe.packet_id);
        mqw_subscribe_iter(&it, &pkt->u.subscribe, version);
        while (mqw_subscribe_next(&it, &e)) {
            if (e.status != MQW_OK)
                return e.status;
            d = bench_digest(d, e.filter.len);
            d = bench_digest(d, e.qos);
        }
        break;
    }
    default:
        return -1;
    }
    s->digest = d;
    return MQW_OK;
}

/* The README's receive loop (examples/receive_loop.c) without the read():
 * the whole stream is in memory, so a packet that is not complete means
 * the stream is cut. mqw_parse frames each packet once. */
static bench_stream readme_stream;
static int readme_version = MQW_V311;
static const mqw_limits readme_lim = {65536, 0, MQW_ROLE_ANY};

static int user_stream(void)
{
    bench_stream *s = &readme_stream;
    const uint8_t *buf = bench_ref.stream.ptr + s->pos;
    size_t have = bench_ref.stream.len - s->pos;
    mqw_packet pkt;
    mqw_diag diag;
    size_t need = 0;
    int rc = mqw_parse(buf, have, &pkt, readme_version, &readme_lim, &diag, &need);
    if (rc != MQW_OK)
        return rc;
    if (pkt.type == MQW_CONNECT)
        readme_version = pkt.u.connect.version;
    rc = consume(s, &pkt, readme_version);
    s->digest = bench_digest(s->digest, need);
    s->pos += need;
    if (s->pos == bench_ref.stream.len)
        s->pos = 0;
    return rc;
}

/* The loop that asks mqw_frame first, then mqw_parse (the README's until
 * issue 12): every packet framed twice. */
static bench_stream frame_parse_stream;

static int user_stream_frame_then_parse(void)
{
    bench_stream *s = &frame_parse_stream;
    const uint8_t *buf = bench_ref.stream.ptr + s->pos;
    size_t have = bench_ref.stream.len - s->pos;
    mqw_frame_info frame;
    mqw_packet pkt;
    mqw_diag diag;
    size_t need = 0;
    int rc = mqw_frame(buf, have, &frame, MQW_V311, &readme_lim, &diag, &need);
    if (rc == MQW_OK)
        rc = mqw_parse(buf, have, &pkt, MQW_V311, &readme_lim, &diag, &need);
    if (rc != MQW_OK)
        return rc;
    rc = consume(s, &pkt, MQW_V311);
    s->digest = bench_digest(s->digest, need);
    s->pos += need;
    if (s->pos == bench_ref.stream.len)
        s->pos = 0;
    return rc;
}

/* ---- checks ----------------------------------------------------------------- */

static int check_stream_pass(const char *name, int (*run)(void), bench_stream *s)
{
    s->pos = 0;
    s->digest = 0;
    for (size_t i = 0; i < bench_ref.stream_packets; i++) {
        int rc = run();
        if (rc) {
            fprintf(stderr, "bench: %s fails on packet %zu (%d)\n", name, i, rc);
            return 1;
        }
    }
    int bad = s->pos != 0 || s->digest != bench_ref.stream_digest;
    if (bad)
        fprintf(stderr, "bench: %s: one pass ends at %zu with digest %llx, not %llx\n", name,
                s->pos, (unsigned long long)s->digest, (unsigned long long)bench_ref.stream_digest);
    s->digest = 0;
    return bad;
}

#define CHECK_BUILD(fn, ref)                                                                       \
    static int check_##fn(void)                                                                    \
    {                                                                                              \
        return fn() || bench_check_bytes(#fn, bench_ref.ref);                                      \
    }
CHECK_BUILD(user_publish_build_64, publish_64)
CHECK_BUILD(user_publish_header_64, publish_header)
CHECK_BUILD(user_connect_build, connect)
CHECK_BUILD(user_subscribe_build, subscribe)
CHECK_BUILD(user_puback_build, puback)
CHECK_BUILD(user_publish5_build, publish5)
CHECK_BUILD(user_connect5_build, connect5)
CHECK_BUILD(user_puback5_build, puback5)
CHECK_BUILD(user_subscribe5_build, subscribe5)

#define CHECK_PARSE(fn, expect, ref, v5)                                                           \
    static int check_##fn(void)                                                                    \
    {                                                                                              \
        uintptr_t want[BENCH_REC_MAX];                                                             \
        size_t n = expect(want, bench_ref.ref, v5);                                                \
        memset(bench_rec, 0xA5, sizeof bench_rec);                                                 \
        return fn() || bench_check_record(#fn, want, n);                                           \
    }
CHECK_PARSE(user_publish_parse_64, bench_expect_publish, publish_64, 0)
CHECK_PARSE(user_publish5_parse, bench_expect_publish, publish5, 1)
CHECK_PARSE(user_connect_parse, bench_expect_connect, connect, 0)
CHECK_PARSE(user_connect5_parse, bench_expect_connect, connect5, 1)
CHECK_PARSE(user_subscribe_parse, bench_expect_subscribe, subscribe, 0)
CHECK_PARSE(user_subscribe5_parse, bench_expect_subscribe, subscribe5, 1)

static int check_puback(int (*fn)(void), const char *name, uintptr_t code, uintptr_t used)
{
    const uintptr_t want[5] = {MQW_PUBACK, 42, code, 0, used};
    memset(bench_rec, 0xA5, sizeof bench_rec);
    return fn() || bench_check_record(name, want, 5);
}

static int check_user_puback_parse(void)
{
    return check_puback(user_puback_parse, "user_puback_parse", 0, 4);
}

static int check_user_puback5_parse(void)
{
    return check_puback(user_puback5_parse, "user_puback5_parse", 0x10, 5);
}

static int check_user_stream(void)
{
    return check_stream_pass("user.stream", user_stream, &readme_stream);
}

static int check_user_stream_frame_then_parse(void)
{
    return check_stream_pass("user.stream_frame_then_parse", user_stream_frame_then_parse,
                             &frame_parse_stream);
}

#define OP(name, bytes)                                                                            \
    {                                                                                              \
        "user." #name, user_##name, check_user_##name, bytes, 0                                    \
    }
const bench_op bench_caller_ops[] = {
    OP(publish_parse_64, 0),
    OP(publish_build_64, 0),
    OP(publish_header_64, 0),
    OP(connect_build, 0),
    OP(connect_parse, 0),
    OP(subscribe_build, 0),
    OP(subscribe_parse, 0),
    OP(puback_build, 4),
    OP(puback_parse, 4),
    OP(publish5_build, 0),
    OP(publish5_parse, 0),
    OP(connect5_build, 0),
    OP(connect5_parse, 0),
    OP(puback5_build, 5),
    OP(puback5_parse, 5),
    OP(subscribe5_build, 0),
    OP(subscribe5_parse, 0),
    {"user.stream", user_stream, check_user_stream, 0, 1},
    {"user.stream_frame_then_parse", user_stream_frame_then_parse,
     check_user_stream_frame_then_parse, 0, 1},
};
const size_t bench_caller_n = sizeof bench_caller_ops / sizeof bench_caller_ops[0];
