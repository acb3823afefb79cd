/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/* lib/packet.c: mqw_parse / mqw_build / mqw_size dispatch. */
#include "util.h"

#include <string.h>

enum { ANY = MQW_ROLE_ANY, CLIENT = MQW_ROLE_CLIENT, SERVER = MQW_ROLE_SERVER };

/* One-line table macros read better than clang-format's wrapping. */
/* clang-format off */
#define CONNECT_C(v) {.type = MQW_CONNECT, .u.connect = {.version = (v), .clean_start = true, \
                                                         .keep_alive = 60, .client_id = S("c")}}
#define ACK(t, ...) {.type = (t), .u.ack = {.type = (t), .packet_id = __VA_ARGS__}}
#define PUBLISH_HI {.type = MQW_PUBLISH, .u.publish = {.qos = 1, .packet_id = 5, .topic = S("a"), \
                                                       .payload = S("hi")}}
/* clang-format on */

static const mqw_subscription sub_a_qos1[] = {{.filter = S("a"), .qos = 1}};
static const mqw_bytes filter_a[] = {S("a")};
static const mqw_property method_m[] = {{.id = MQW_PROP_AUTHENTICATION_METHOD, .v.bytes = S("m")}};
static const mqw_property alias_max_10[] = {{.id = MQW_PROP_TOPIC_ALIAS_MAXIMUM, .v.num = 10}};

/* One valid packet of every type in every version, through mqw_parse,
 * mqw_build and mqw_size (run_vec does all three, with every sweep). */
/* clang-format off */
static const vec packet_vecs[] = {
    /* 3.1 */
    {.name = "31-1 CONNECT 3.1", .version = MQW_V31,
     .hex = "10 0F 00 06 4D 51 49 73 64 70 03 02 00 3C 00 01 63", .pkt = CONNECT_C(MQW_V31)},
    {.name = "31-9 CONNACK 3.1", .version = MQW_V31, .hex = "20 02 00 00",
     .pkt = {.type = MQW_CONNACK}},
    {.name = "PUBLISH QoS 1 3.1", .version = MQW_V31, .hex = "32 07 00 01 61 00 05 68 69",
     .pkt = PUBLISH_HI},
    {.name = "PUBACK 3.1", .version = MQW_V31, .hex = "40 02 00 05", .pkt = ACK(MQW_PUBACK, 5)},
    {.name = "PUBREC 3.1", .version = MQW_V31, .hex = "50 02 00 05", .pkt = ACK(MQW_PUBREC, 5)},
    {.name = "31-11 PUBREL 3.1", .version = MQW_V31, .hex = "62 02 00 05",
     .pkt = ACK(MQW_PUBREL, 5)},
    {.name = "PUBCOMP 3.1", .version = MQW_V31, .hex = "70 02 00 05", .pkt = ACK(MQW_PUBCOMP, 5)},
    {.name = "31-11 SUBSCRIBE 3.1", .version = MQW_V31, .hex = "82 06 00 07 00 01 61 01",
     .pkt = {.type = MQW_SUBSCRIBE, .u.subscribe = {.packet_id = 7, .subs = sub_a_qos1, .n = 1}}},
    {.name = "SUBACK 3.1", .version = MQW_V31, .hex = "90 03 00 07 01",
     .pkt = {.type = MQW_SUBACK, .u.suback = {.packet_id = 7, .codes = S("\x01")}}},
    {.name = "31-11 UNSUBSCRIBE 3.1", .version = MQW_V31, .hex = "A2 05 00 08 00 01 61",
     .pkt = {.type = MQW_UNSUBSCRIBE,
             .u.unsubscribe = {.packet_id = 8, .filters = filter_a, .n = 1}}},
    {.name = "UNSUBACK 3.1", .version = MQW_V31, .hex = "B0 02 00 08",
     .pkt = {.type = MQW_UNSUBACK, .u.unsuback = {.packet_id = 8}}},
    {.name = "TB-8 PINGREQ 3.1", .version = MQW_V31, .hex = "C0 00", .pkt = {.type = MQW_PINGREQ}},
    {.name = "TB-9 PINGRESP 3.1", .version = MQW_V31, .hex = "D0 00",
     .pkt = {.type = MQW_PINGRESP}},
    {.name = "TB-10 DISCONNECT 3.1", .version = MQW_V31, .hex = "E0 00",
     .pkt = {.type = MQW_DISCONNECT}},

    /* 3.1.1 */
    {.name = "CONNECT 3.1.1", .version = MQW_V311,
     .hex = "10 0D 00 04 4D 51 54 54 04 02 00 3C 00 01 63", .pkt = CONNECT_C(MQW_V311)},
    {.name = "CONNACK 3.1.1 Session Present", .version = MQW_V311, .hex = "20 02 01 00",
     .pkt = {.type = MQW_CONNACK, .u.connack = {.session_present = true}}},
    {.name = "PUBLISH QoS 1 3.1.1", .version = MQW_V311, .hex = "32 07 00 01 61 00 05 68 69",
     .pkt = PUBLISH_HI},
    {.name = "PUBACK 3.1.1", .version = MQW_V311, .hex = "40 02 00 05", .pkt = ACK(MQW_PUBACK, 5)},
    {.name = "PUBREC 3.1.1", .version = MQW_V311, .hex = "50 02 00 05", .pkt = ACK(MQW_PUBREC, 5)},
    {.name = "PUBREL 3.1.1", .version = MQW_V311, .hex = "62 02 00 05", .pkt = ACK(MQW_PUBREL, 5)},
    {.name = "PUBCOMP 3.1.1", .version = MQW_V311, .hex = "70 02 00 05",
     .pkt = ACK(MQW_PUBCOMP, 5)},
    {.name = "SUBSCRIBE 3.1.1", .version = MQW_V311, .hex = "82 06 00 07 00 01 61 01",
     .pkt = {.type = MQW_SUBSCRIBE, .u.subscribe = {.packet_id = 7, .subs = sub_a_qos1, .n = 1}}},
    {.name = "SUBACK 3.1.1 with a failure", .version = MQW_V311, .hex = "90 04 00 07 01 80",
     .pkt = {.type = MQW_SUBACK, .u.suback = {.packet_id = 7, .codes = S("\x01\x80")}}},
    {.name = "UNSUBSCRIBE 3.1.1", .version = MQW_V311, .hex = "A2 05 00 08 00 01 61",
     .pkt = {.type = MQW_UNSUBSCRIBE,
             .u.unsubscribe = {.packet_id = 8, .filters = filter_a, .n = 1}}},
    {.name = "UNSUBACK 3.1.1", .version = MQW_V311, .hex = "B0 02 00 08",
     .pkt = {.type = MQW_UNSUBACK, .u.unsuback = {.packet_id = 8}}},
    {.name = "TB-8 PINGREQ 3.1.1", .version = MQW_V311, .hex = "C0 00",
     .pkt = {.type = MQW_PINGREQ}},
    {.name = "TB-9 PINGRESP 3.1.1", .version = MQW_V311, .hex = "D0 00",
     .pkt = {.type = MQW_PINGRESP}},
    {.name = "TB-10 DISCONNECT 3.1.1", .version = MQW_V311, .hex = "E0 00",
     .pkt = {.type = MQW_DISCONNECT}},

    /* 5.0 */
    {.name = "CONNECT 5.0", .version = MQW_V5,
     .hex = "10 0E 00 04 4D 51 54 54 05 02 00 3C 00 00 01 63", .pkt = CONNECT_C(MQW_V5)},
    {.name = "CONNACK 5.0 with Topic Alias Maximum", .version = MQW_V5,
     .hex = "20 06 00 00 03 22 00 0A",
     .pkt = {.type = MQW_CONNACK, .u.connack = {.props = {.list = alias_max_10, .n = 1}}}},
    {.name = "PUBLISH QoS 1 5.0", .version = MQW_V5, .hex = "32 08 00 01 61 00 05 00 68 69",
     .pkt = PUBLISH_HI},
    {.name = "ACK-3 PUBACK 5.0 No matching subscribers", .version = MQW_V5, .hex = "40 03 00 05 10",
     .pkt = ACK(MQW_PUBACK, 5, .code = 0x10)},
    {.name = "ACK-2 PUBREC 5.0", .version = MQW_V5, .hex = "50 02 00 05",
     .pkt = ACK(MQW_PUBREC, 5)},
    {.name = "ACK-5 PUBREL 5.0 Packet Identifier not found", .version = MQW_V5,
     .hex = "62 03 00 05 92", .pkt = ACK(MQW_PUBREL, 5, .code = 0x92)},
    {.name = "ACK-4 PUBCOMP 5.0 long form, built short", .version = MQW_V5,
     .hex = "70 04 00 05 00 00", .pkt = ACK(MQW_PUBCOMP, 5), .canon = "70 02 00 05"},
    {.name = "SUBSCRIBE 5.0", .version = MQW_V5, .hex = "82 07 00 07 00 00 01 61 01",
     .pkt = {.type = MQW_SUBSCRIBE, .u.subscribe = {.packet_id = 7, .subs = sub_a_qos1, .n = 1}}},
    {.name = "SUBACK 5.0", .version = MQW_V5, .hex = "90 04 00 07 00 01",
     .pkt = {.type = MQW_SUBACK, .u.suback = {.packet_id = 7, .codes = S("\x01")}}},
    {.name = "UNSUBSCRIBE 5.0", .version = MQW_V5, .hex = "A2 06 00 08 00 00 01 61",
     .pkt = {.type = MQW_UNSUBSCRIBE,
             .u.unsubscribe = {.packet_id = 8, .filters = filter_a, .n = 1}}},
    {.name = "UNSUBACK 5.0", .version = MQW_V5, .hex = "B0 04 00 08 00 00",
     .pkt = {.type = MQW_UNSUBACK, .u.unsuback = {.packet_id = 8, .codes = S("\x00")}}},
    {.name = "TB-8 PINGREQ 5.0", .version = MQW_V5, .hex = "C0 00", .pkt = {.type = MQW_PINGREQ}},
    {.name = "TB-9 PINGRESP 5.0", .version = MQW_V5, .hex = "D0 00", .pkt = {.type = MQW_PINGRESP}},
    {.name = "PDA-2 DISCONNECT 5.0", .version = MQW_V5, .hex = "E0 01 04",
     .pkt = {.type = MQW_DISCONNECT, .u.disconnect = {.code = 0x04}}},
    {.name = "PDA-7 AUTH 5.0", .version = MQW_V5, .hex = "F0 06 18 04 15 00 01 6D",
     .pkt = {.type = MQW_AUTH, .u.auth = {.code = 0x18, .props = {.list = method_m, .n = 1}}}},

    /* Dispatch of what no kind parser sees. */
    {.name = "FH-15 type 0 through mqw_parse", .version = MQW_V311, .hex = "00 00",
     .err = MQW_ERR_PACKET_TYPE, .offset = 0, .rule = "FH-15"},
    {.name = "FH-15 type 0 before a bad RL", .version = MQW_V5, .hex = "0F 80 80 80 80",
     .err = MQW_ERR_PACKET_TYPE, .offset = 0, .rule = "FH-15"},
    {.name = "FH-16 type 15 on 3.1 through mqw_parse", .version = MQW_V31, .hex = "F0 00",
     .err = MQW_ERR_PACKET_TYPE, .offset = 0, .rule = "FH-16"},
    {.name = "RL-4 type 0 needs no RL to be refused", .version = MQW_V5, .hex = "00",
     .err = MQW_ERR_PACKET_TYPE, .offset = 0, .rule = "FH-15"},
    {.name = "RL-3 PUBLISH incomplete through mqw_parse", .version = MQW_V5,
     .hex = "30 05 00 01 61", .err = MQW_ERR_NEED_MORE},
    {.name = "FH-20 SUBACK received by a server through mqw_parse", .version = MQW_V5,
     .role = SERVER, .hex = "90 04 00 07 00 01", .err = MQW_ERR_DIRECTION, .offset = 0,
     .rule = "FH-20"},
    {.name = "FH-20 CONNECT received by a client through mqw_parse", .version = MQW_V311,
     .role = CLIENT, .hex = "10 0D 00 04 4D 51 54 54 04 02 00 3C 00 01 63",
     .err = MQW_ERR_DIRECTION, .offset = 0, .rule = "FH-20"},
};
/* clang-format on */

/* Building what no kind builder sees. */
/* clang-format off */
static const bvec packet_bvecs[] = {
    {.name = "FH-15 build type 0", .version = MQW_V311, .pkt = {.type = 0},
     .err = MQW_ERR_PACKET_TYPE, .rule = "FH-15"},
    {.name = "FH-15 build type 16", .version = MQW_V5, .pkt = {.type = 16},
     .err = MQW_ERR_PACKET_TYPE, .rule = "FH-15"},
    {.name = "FH-15 build type 255", .version = MQW_V5, .pkt = {.type = 255},
     .err = MQW_ERR_PACKET_TYPE, .rule = "FH-15"},
    {.name = "FH-16 build AUTH on 3.1.1", .version = MQW_V311, .pkt = {.type = MQW_AUTH},
     .err = MQW_ERR_PACKET_TYPE, .rule = "FH-16"},
    {.name = "FH-16 build AUTH on 3.1", .version = MQW_V31, .pkt = {.type = MQW_AUTH},
     .err = MQW_ERR_PACKET_TYPE, .rule = "FH-16"},
    {.name = "FH-20 build CONNACK as a client", .version = MQW_V5, .role = CLIENT,
     .pkt = {.type = MQW_CONNACK}, .err = MQW_ERR_DIRECTION, .rule = "FH-20"},
    {.name = "FH-20 build PINGREQ as a server", .version = MQW_V31, .role = SERVER,
     .pkt = {.type = MQW_PINGREQ}, .err = MQW_ERR_DIRECTION, .rule = "FH-20"},
    {.name = "build PUBACK for version 0", .version = 0, .pkt = ACK(MQW_PUBACK, 1),
     .err = MQW_ERR_ARG},
    {.name = "build PINGRESP for version 6", .version = 6, .pkt = {.type = MQW_PINGRESP},
     .err = MQW_ERR_ARG},
    {.name = "build PUBLISH over max_packet_size", .version = MQW_V311, .pkt = PUBLISH_HI,
     .max_packet_size = 8, .err = MQW_ERR_TOO_LARGE},
};
/* clang-format on */

/* ---- direct calls ------------------------------------------------------- */

START_TEST(parse_arguments)
{
    uint8_t publish[] = {0x30, 0x03, 0x00, 0x01, 0x61};
    uint8_t connect[] = {0x10, 0x0D, 0x00, 0x04, 'M',  'Q',  'T', 'T',
                         0x04, 0x02, 0x00, 0x3C, 0x00, 0x01, 'c'};
    mqw_packet p;
    mqw_diag diag;
    size_t used = 0;

    ck_assert_int_eq(mqw_parse(publish, sizeof publish, NULL, MQW_V311, NULL, &diag, &used),
                     MQW_ERR_ARG);
    ck_assert_int_eq(mqw_parse(NULL, 5, &p, MQW_V311, NULL, &diag, &used), MQW_ERR_ARG);
    /* A bad version is refused for every packet, CONNECT included, and
     * before a byte is there. */
    static const int bad_versions[] = {1, 2, 6, 0x83, -1};
    for (size_t i = 0; i < ARRAY_LEN(bad_versions); i++) {
        ck_assert_int_eq(
            mqw_parse(publish, sizeof publish, &p, bad_versions[i], NULL, &diag, &used),
            MQW_ERR_ARG);
        ck_assert_ptr_null(diag.rule);
        ck_assert_int_eq(
            mqw_parse(connect, sizeof connect, &p, bad_versions[i], NULL, &diag, &used),
            MQW_ERR_ARG);
        ck_assert_int_eq(mqw_parse(NULL, 0, &p, bad_versions[i], NULL, &diag, &used), MQW_ERR_ARG);
    }
    /* Any version, or none known yet, reads a CONNECT, which carries its
     * own; nothing yet: no packet can be told from CONNECT. */
    static const int any_versions[] = {MQW_V_UNKNOWN, MQW_V31, MQW_V311, MQW_V5};
    for (size_t i = 0; i < ARRAY_LEN(any_versions); i++) {
        memset(&p, 0, sizeof p);
        ck_assert_int_eq(
            mqw_parse(connect, sizeof connect, &p, any_versions[i], NULL, &diag, &used), MQW_OK);
        ck_assert_uint_eq(p.type, MQW_CONNECT);
        ck_assert_uint_eq(p.u.connect.version, MQW_V311);
        ck_assert_uint_eq(used, sizeof connect);
        used = 0;
        ck_assert_int_eq(mqw_parse(NULL, 0, &p, any_versions[i], NULL, &diag, &used),
                         MQW_ERR_NEED_MORE);
        ck_assert_uint_eq(used, 2);
    }
    /* A 5.0 CONNECT parsed with version 3.1.1 is still 5.0. */
    uint8_t connect5[] = {0x10, 0x0E, 0x00, 0x04, 'M',  'Q',  'T',  'T',
                          0x05, 0x02, 0x00, 0x3C, 0x00, 0x00, 0x01, 'c'};
    ck_assert_int_eq(mqw_parse(connect5, sizeof connect5, &p, MQW_V311, NULL, &diag, &used),
                     MQW_OK);
    ck_assert_uint_eq(p.u.connect.version, MQW_V5);
    /* NULL used and diag are fine. */
    ck_assert_int_eq(mqw_parse(NULL, 0, &p, MQW_V5, NULL, NULL, NULL), MQW_ERR_NEED_MORE);
    ck_assert_int_eq(mqw_parse(publish, sizeof publish, &p, MQW_V31, NULL, NULL, NULL), MQW_OK);
    ck_assert_uint_eq(p.type, MQW_PUBLISH);
}
END_TEST

START_TEST(build_arguments)
{
    uint8_t buf[32];
    size_t len = 7;
    mqw_diag diag;
    ck_assert_int_eq(mqw_build(buf, sizeof buf, NULL, MQW_V5, NULL, &diag, &len), MQW_ERR_ARG);
    ck_assert_uint_eq(len, 0);
    len = 7;
    ck_assert_int_eq(mqw_size(NULL, MQW_V5, NULL, &len), MQW_ERR_ARG);
    ck_assert_uint_eq(len, 0);

    /* CONNECT ignores `version`: in->version decides. */
    mqw_packet c = CONNECT_C(MQW_V311);
    static const uint8_t want[] = {0x10, 0x0D, 0x00, 0x04, 'M',  'Q',  'T', 'T',
                                   0x04, 0x02, 0x00, 0x3C, 0x00, 0x01, 'c'};
    ck_assert_int_eq(mqw_build(buf, sizeof buf, &c, 0, NULL, &diag, &len), MQW_OK);
    ck_assert_uint_eq(len, sizeof want);
    ck_assert_int_eq(memcmp(buf, want, sizeof want), 0);
    ck_assert_int_eq(mqw_size(&c, 99, NULL, &len), MQW_OK);
    ck_assert_uint_eq(len, sizeof want);

    /* mqw_size: NULL len is allowed; an error gives *len = 0. */
    mqw_packet ping = {.type = MQW_PINGREQ};
    ck_assert_int_eq(mqw_size(&ping, MQW_V5, NULL, NULL), MQW_OK);
    mqw_packet bad = {.type = 0};
    ck_assert_int_eq(mqw_size(&bad, MQW_V5, NULL, NULL), MQW_ERR_PACKET_TYPE);
    mqw_limits lim = {1, 0, ANY};
    len = 9;
    ck_assert_int_eq(mqw_size(&ping, MQW_V5, &lim, &len), MQW_ERR_TOO_LARGE);
    ck_assert_uint_eq(len, 0);
    /* A size query through mqw_build says NOSPACE with the size. */
    ck_assert_int_eq(mqw_build(NULL, 0, &ping, MQW_V5, NULL, &diag, &len), MQW_ERR_NOSPACE);
    ck_assert_uint_eq(len, 2);
}
END_TEST

/* The packet type wins over u.ack.type (mqttwire.h). */
START_TEST(ack_type_wins)
{
    static const struct {
        uint8_t type, first;
    } acks[] = {{MQW_PUBACK, 0x40}, {MQW_PUBREC, 0x50}, {MQW_PUBREL, 0x62}, {MQW_PUBCOMP, 0x70}};
    for (size_t i = 0; i < ARRAY_LEN(acks); i++) {
        mqw_packet p;
        memset(&p, 0, sizeof p);
        p.type = acks[i].type;
        p.u.ack.type = acks[(i + 1) % ARRAY_LEN(acks)].type; /* some other ack */
        p.u.ack.packet_id = 0x1234;
        uint8_t buf[8];
        size_t len = 0;
        ck_assert_int_eq(mqw_build(buf, sizeof buf, &p, MQW_V311, NULL, NULL, &len), MQW_OK);
        ck_assert_uint_eq(len, 4);
        ck_assert_uint_eq(buf[0], acks[i].first);
        ck_assert_uint_eq(buf[2], 0x12);
        ck_assert_uint_eq(buf[3], 0x34);
        p.u.ack.type = 0;
        ck_assert_int_eq(mqw_build(buf, sizeof buf, &p, MQW_V5, NULL, NULL, &len), MQW_OK);
        ck_assert_uint_eq(buf[0], acks[i].first);
        /* The caller's struct is not touched. */
        ck_assert_uint_eq(p.u.ack.type, 0);

        mqw_packet back;
        ck_assert_int_eq(mqw_parse(buf, len, &back, MQW_V5, NULL, NULL, NULL), MQW_OK);
        ck_assert_uint_eq(back.type, acks[i].type);
        ck_assert_uint_eq(back.u.ack.type, acks[i].type);
    }
}
END_TEST

/* Errors come back from mqw_parse exactly as the kind parser gives them. */
static int parse_as_kind(const uint8_t *buf, size_t len, mqw_packet *out, int version,
                         const mqw_limits *lim, mqw_diag *diag, size_t *used)
{
    switch (buf[0] >> 4) {
    case MQW_CONNECT:
        return mqw_connect_parse(buf, len, &out->u.connect, lim, diag, used);
    case MQW_CONNACK:
        return mqw_connack_parse(buf, len, &out->u.connack, version, lim, diag, used);
    case MQW_PUBLISH:
        return mqw_publish_parse(buf, len, &out->u.publish, version, lim, diag, used);
    case MQW_PUBACK:
    case MQW_PUBREC:
    case MQW_PUBREL:
    case MQW_PUBCOMP:
        return mqw_ack_parse(buf, len, &out->u.ack, version, lim, diag, used);
    case MQW_SUBSCRIBE:
        return mqw_subscribe_parse(buf, len, &out->u.subscribe, version, lim, diag, used);
    case MQW_SUBACK:
        return mqw_suback_parse(buf, len, &out->u.suback, version, lim, diag, used);
    case MQW_UNSUBSCRIBE:
        return mqw_unsubscribe_parse(buf, len, &out->u.unsubscribe, version, lim, diag, used);
    case MQW_UNSUBACK:
        return mqw_unsuback_parse(buf, len, &out->u.unsuback, version, lim, diag, used);
    case MQW_PINGREQ:
    case MQW_PINGRESP:
        return mqw_ping_parse(buf, len, buf[0] >> 4, version, lim, diag, used);
    case MQW_DISCONNECT:
        return mqw_disconnect_parse(buf, len, &out->u.disconnect, version, lim, diag, used);
    default:
        return mqw_auth_parse(buf, len, &out->u.auth, version, lim, diag, used);
    }
}

static const struct {
    const char *hex;
    int version;
} faulty[] = {
    {"10 0D 00 04 4D 51 54 74 04 02 00 3C 00 01 63", MQW_V311}, /* CN-1 */
    {"20 02 02 00", MQW_V311},                                  /* CA-1 */
    {"36 05 00 01 61 00 01", MQW_V311},                         /* FH-17 */
    {"30 02 00 00", MQW_V311},                                  /* PUB-4 */
    {"62 02 00 00", MQW_V311},                                  /* PID-5 */
    {"40 03 00 01 92", MQW_V5},                                 /* RC-1 */
    {"82 06 00 01 00 01 61 04", MQW_V311},                      /* SUB-4 */
    {"90 03 00 01 03", MQW_V311},                               /* SA-2 */
    {"A2 02 00 01", MQW_V311},                                  /* US-1 */
    {"B0 03 00 01 00", MQW_V311},                               /* TB-7 */
    {"C0 01 00", MQW_V311},                                     /* TB-8 */
    {"D8 00", MQW_V5},                                          /* FH-12 */
    {"E0 01 01", MQW_V5},                                       /* RC-5 */
    {"F0 02 87 00", MQW_V5},                                    /* RC-6 */
    {"30 05 00 01 61", MQW_V5},                                 /* RL-3 */
    {"C0 80 00", MQW_V311},                                     /* RL-2 */
};

START_TEST(errors_propagate)
{
    uint8_t buf[64];
    size_t len = hex_decode(faulty[_i].hex, buf, sizeof buf, NULL);
    mqw_packet a, b;
    mqw_diag da, db;
    size_t ua = 1, ub = 1;
    int ra = mqw_parse(buf, len, &a, faulty[_i].version, NULL, &da, &ua);
    int rb = parse_as_kind(buf, len, &b, faulty[_i].version, NULL, &db, &ub);
    ck_assert_msg(ra != MQW_OK, "%s: parsed", faulty[_i].hex);
    ck_assert_int_eq(ra, rb);
    ck_assert_uint_eq(a.type, buf[0] >> 4);
    if (ra == MQW_ERR_NEED_MORE) {
        ck_assert_uint_eq(ua, ub);
    } else {
        ck_assert_uint_eq(da.offset, db.offset);
        ck_assert_ptr_eq(da.rule, db.rule);
    }
}
END_TEST

VEC_LOOP_TEST(packet_vec, packet_vecs)
BVEC_LOOP_TEST(packet_bvec, packet_bvecs)

static void add_loop(Suite *s, const char *name, const TTest *fn, size_t n)
{
    TCase *tc = tcase_create(name);
    tcase_add_loop_test(tc, fn, 0, (int)n);
    suite_add_tcase(s, tc);
}

/* Regression (review): a role value outside MQW_ROLE_ANY / _CLIENT /
 * _SERVER is a direction like MQW_ROLE_CLIENT on parse and refused on
 * build (FH-20); the CONNECT and SUBSCRIBE fast paths answered MQW_OK. */
START_TEST(unknown_role_is_a_direction)
{
    static const uint8_t role_values[] = {3, 7, 255};
    static const char *const packets[] = {"10 0C 00 04 4D 51 54 54 04 02 00 3C 00 00",
                                          "82 06 00 01 00 01 61 01"};
    static const mqw_subscription sub = {.filter = S("a")};
    for (size_t r = 0; r < ARRAY_LEN(role_values); r++) {
        mqw_limits lim = {0, 0, role_values[r]};
        for (size_t i = 0; i < ARRAY_LEN(packets); i++) {
            uint8_t buf[32];
            size_t n = hex_decode(packets[i], buf, sizeof buf, NULL);
            mqw_packet out;
            mqw_diag diag;
            size_t used = 0;
            ck_assert_int_eq(mqw_parse(buf, n, &out, MQW_V311, &lim, &diag, &used),
                             MQW_ERR_DIRECTION);
            ck_assert_str_eq(diag.rule, "FH-20");
        }
        mqw_packet connect = {.type = MQW_CONNECT};
        connect.u.connect.version = MQW_V311;
        connect.u.connect.clean_start = true;
        connect.u.connect.client_id = mqw_cstr("abc");
        mqw_packet subscribe = {.type = MQW_SUBSCRIBE};
        subscribe.u.subscribe.packet_id = 1;
        subscribe.u.subscribe.subs = &sub;
        subscribe.u.subscribe.n = 1;
        const mqw_packet *builds[] = {&connect, &subscribe};
        for (size_t i = 0; i < ARRAY_LEN(builds); i++) {
            uint8_t out[64];
            size_t len = 99;
            mqw_diag diag;
            ck_assert_int_eq(mqw_build(out, sizeof out, builds[i], MQW_V311, &lim, &diag, &len),
                             MQW_ERR_DIRECTION);
            ck_assert_uint_eq(len, 0);
        }
    }
}
END_TEST

/* ---- a NULL `out`: MQW_ERR_ARG before anything else ---------------------- */

/* Each parser with a NULL `out` (mqw_ping_parse has none). */
static int parse_connect_null(const uint8_t *b, size_t n, int v, mqw_diag *d, size_t *u)
{
    (void)v;
    return mqw_connect_parse(b, n, NULL, NULL, d, u);
}
#define NULL_OUT_PARSER(name, fn)                                                                  \
    static int name(const uint8_t *b, size_t n, int v, mqw_diag *d, size_t *u)                     \
    {                                                                                              \
        return fn(b, n, NULL, v, NULL, d, u);                                                      \
    }
NULL_OUT_PARSER(parse_connack_null, mqw_connack_parse)
NULL_OUT_PARSER(parse_publish_null, mqw_publish_parse)
NULL_OUT_PARSER(parse_ack_null, mqw_ack_parse)
NULL_OUT_PARSER(parse_subscribe_null, mqw_subscribe_parse)
NULL_OUT_PARSER(parse_suback_null, mqw_suback_parse)
NULL_OUT_PARSER(parse_unsubscribe_null, mqw_unsubscribe_parse)
NULL_OUT_PARSER(parse_unsuback_null, mqw_unsuback_parse)
NULL_OUT_PARSER(parse_disconnect_null, mqw_disconnect_parse)
NULL_OUT_PARSER(parse_auth_null, mqw_auth_parse)
NULL_OUT_PARSER(parse_any_null, mqw_parse)
static int frame_null(const uint8_t *b, size_t n, int v, mqw_diag *d, size_t *u)
{
    return mqw_frame(b, n, NULL, v, NULL, d, u);
}

static const struct {
    const char *name;
    int (*parse)(const uint8_t *, size_t, int, mqw_diag *, size_t *);
    const char *hex; /* one valid 5.0 packet of the parser's type */
} null_out_parsers[] = {
    {"mqw_connect_parse", parse_connect_null, "10 0E 00 04 4D 51 54 54 05 02 00 3C 00 00 01 63"},
    {"mqw_connack_parse", parse_connack_null, "20 03 00 00 00"},
    {"mqw_publish_parse", parse_publish_null, "30 04 00 01 61 00"},
    {"mqw_ack_parse", parse_ack_null, "40 02 00 05"},
    {"mqw_subscribe_parse", parse_subscribe_null, "82 07 00 07 00 00 01 61 01"},
    {"mqw_suback_parse", parse_suback_null, "90 04 00 07 00 01"},
    {"mqw_unsubscribe_parse", parse_unsubscribe_null, "A2 06 00 07 00 00 01 61"},
    {"mqw_unsuback_parse", parse_unsuback_null, "B0 04 00 07 00 00"},
    {"mqw_disconnect_parse", parse_disconnect_null, "E0 00"},
    {"mqw_auth_parse", parse_auth_null, "F0 00"},
    {"mqw_parse", parse_any_null, "30 04 00 01 61 00"},
    {"mqw_frame", frame_null, "30 04 00 01 61 00"},
};

/* One rule for every parser (mqttwire.h, `out`): a NULL `out` is
 * MQW_ERR_ARG whatever the bytes: none, the first byte alone (a cut
 * packet: not MQW_ERR_NEED_MORE), the whole packet, another type's packet,
 * a bad first byte; and whatever the version, a bad one too. */
START_TEST(null_out_first)
{
    uint8_t pkt[32];
    size_t n = hex_decode(null_out_parsers[_i].hex, pkt, sizeof pkt, NULL);
    static const uint8_t other[] = {0xC0, 0x00}, bad_first[] = {0x00, 0x00};
    const struct {
        const uint8_t *buf;
        size_t len;
    } inputs[] = {{NULL, 0}, {pkt, 1}, {pkt, n - 1}, {pkt, n}, {other, 2}, {bad_first, 2}};
    static const int versions[] = {MQW_V31, MQW_V311, MQW_V5, 6};
    unsigned cases = 0;
    for (size_t i = 0; i < ARRAY_LEN(inputs); i++) {
        for (size_t k = 0; k < ARRAY_LEN(versions); k++) {
            mqw_diag diag = {99, "unset", 7};
            size_t used = 12345;
            int rc =
                null_out_parsers[_i].parse(inputs[i].buf, inputs[i].len, versions[k], &diag, &used);
            ck_assert_msg(rc == MQW_ERR_ARG, "%s, %zu bytes, version %d: %s",
                          null_out_parsers[_i].name, inputs[i].len, versions[k], mqw_strerror(rc));
            ck_assert_msg(diag.offset == 0 && diag.rule == NULL && diag.dropped == 0,
                          "%s: diag not cleared", null_out_parsers[_i].name);
            cases++;
        }
    }
    ck_assert_uint_eq(cases, ARRAY_LEN(inputs) * ARRAY_LEN(versions));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("packet");
    add_loop(s, "every type and version", packet_vec, ARRAY_LEN(packet_vecs));
    add_loop(s, "build refusals", packet_bvec, ARRAY_LEN(packet_bvecs));
    add_loop(s, "errors propagate", errors_propagate, ARRAY_LEN(faulty));
    add_loop(s, "a NULL out is MQW_ERR_ARG first", null_out_first, ARRAY_LEN(null_out_parsers));

    TCase *tc = tcase_create("direct calls");
    tcase_add_test(tc, parse_arguments);
    tcase_add_test(tc, build_arguments);
    tcase_add_test(tc, ack_type_wins);
    tcase_add_test(tc, unknown_role_is_a_direction);
    suite_add_tcase(s, tc);
    return suite_main(s);
}
