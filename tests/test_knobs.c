/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/*
 * The library built with -DMQW_NO_V5 -DMQW_NO_V31 -DMQW_NO_RULE_IDS
 * -DMQW_NO_NAMES (lib/wire.h): MQTT 3.1.1 only, without rule ids and
 * names. Every 3.1.1 packet still
 * parses and builds with the full sweeps; the left-out versions are refused
 * like unknown ones, at the API and in a CONNECT; no property is ever seen.
 * The harness is built with MQW_TEST_NO_RULE_IDS: where a row names a rule,
 * diag.rule must be NULL, with the row's error and offset unchanged.
 */
#include "util.h"

#include <string.h>

/* One row per packet type, in the forms the benchmarks use. */
static const vec v311_vecs[] = {
    {.name = "CN-2 3.1.1 CONNECT with Will, User Name and Password",
     .version = MQW_V311,
     .hex = "10 42 0004 4D515454 04 EE 003C 000B 636C69656E742D30303432"
            " 0012 7374617475732F636C69656E742D30303432 0007 6F66666C696E65"
            " 0004 75736572 0006 736563726574",
     .err = MQW_OK},
    {.name = "CA-1 CONNACK accepted, session present",
     .version = MQW_V311,
     .hex = "20 02 01 00",
     .err = MQW_OK},
    {.name = "PUB-1 PUBLISH QoS 1",
     .version = MQW_V311,
     .hex = "32 0A 0003 612F62 002A 68 69 21",
     .err = MQW_OK},
    {.name = "PUB-1 PUBLISH QoS 0 retained",
     .version = MQW_V311,
     .hex = "31 05 0001 61 7A 7A",
     .err = MQW_OK},
    {.name = "PID-1 PUBACK", .version = MQW_V311, .hex = "40 02 00 2A", .err = MQW_OK},
    {.name = "PID-1 PUBREC", .version = MQW_V311, .hex = "50 02 00 2A", .err = MQW_OK},
    {.name = "FH-5 PUBREL", .version = MQW_V311, .hex = "62 02 00 2A", .err = MQW_OK},
    {.name = "PID-1 PUBCOMP", .version = MQW_V311, .hex = "70 02 00 2A", .err = MQW_OK},
    {.name = "SUB-1 SUBSCRIBE three filters",
     .version = MQW_V311,
     .hex = "82 26 0007 0005 612F622F63 00 000E 73656E736F72732F2B2F74656D70 01"
            " 0008 616C657274732F23 02",
     .err = MQW_OK},
    {.name = "SA-1 SUBACK", .version = MQW_V311, .hex = "90 05 0007 00 01 80", .err = MQW_OK},
    {.name = "US-1 UNSUBSCRIBE", .version = MQW_V311, .hex = "A2 05 0007 0001 61", .err = MQW_OK},
    {.name = "US-5 UNSUBACK", .version = MQW_V311, .hex = "B0 02 00 07", .err = MQW_OK},
    {.name = "FH-11 PINGREQ", .version = MQW_V311, .hex = "C0 00", .err = MQW_OK},
    {.name = "FH-12 PINGRESP", .version = MQW_V311, .hex = "D0 00", .err = MQW_OK},
    {.name = "FH-13 DISCONNECT", .version = MQW_V311, .hex = "E0 00", .err = MQW_OK},
    /* A build that leaves a version out answers a CONNECT asking for it
     * as for an unknown level: CONNACK 0x01 (3.x) is the caller's reply. */
    {.name = "CN-3 5.0 CONNECT refused when 5.0 is left out",
     .version = 0,
     .hex = "10 0E 0004 4D515454 05 02 003C 00 0001 63",
     .err = MQW_ERR_PROTOCOL_VERSION,
     .offset = 8,
     .rule = "CN-3"},
    {.name = "CN-3 3.1 CONNECT refused when 3.1 is left out",
     .version = 0,
     .hex = "10 0F 0006 4D5149736470 03 02 003C 0001 63",
     .err = MQW_ERR_PROTOCOL_VERSION,
     .offset = 10,
     .rule = "CN-3"},
    {.name = "CN-3 level 6 is still unknown",
     .version = 0,
     .hex = "10 0D 0004 4D515454 06 02 003C 0001 63",
     .err = MQW_ERR_PROTOCOL_VERSION,
     .offset = 8,
     .rule = "CN-3"},
    {.name = "PUB-2 validation stays: wildcard in a Topic Name",
     .version = MQW_V311,
     .hex = "30 04 0002 612B",
     .err = MQW_ERR_TOPIC_NAME,
     .offset = 5,
     .rule = "PUB-2"},
    {.name = "STR-6 validation stays: U+0000 in a Topic Name",
     .version = MQW_V311,
     .hex = "30 04 0002 6100",
     .err = MQW_ERR_UTF8,
     .offset = 5,
     .rule = "STR-6"},
};
VEC_LOOP_TEST(v311_vec, v311_vecs)

/* Each packet type but CONNECT (which carries its own version: the rows
 * above), parsed and built as 5.0 or 3.1: the version argument is refused
 * before anything is read or written. */
START_TEST(left_out_versions_are_arguments_errors)
{
    static const char *const packets[] = {
        "20 02 00 00",   "30 03 0001 61",
        "40 02 00 01",   "82 06 0001 0001 61 00",
        "90 03 0001 00", "A2 05 0001 0001 61",
        "B0 02 00 01",   "C0 00",
        "D0 00",         "E0 00",
        "F0 00",
    };
    static const int left_out[] = {MQW_V5, MQW_V31};
    for (size_t v = 0; v < ARRAY_LEN(left_out); v++) {
        for (size_t i = 0; i < ARRAY_LEN(packets); i++) {
            uint8_t buf[64];
            size_t n = hex_decode(packets[i], buf, sizeof buf, NULL);
            mqw_packet pkt;
            mqw_frame_info fi;
            size_t used = 99;
            int rc = mqw_parse(buf, n, &pkt, left_out[v], NULL, NULL, &used);
            ck_assert_msg(rc == MQW_ERR_ARG, "%s as version %d: %d", packets[i], left_out[v], rc);
            ck_assert_int_eq(mqw_frame(buf, n, &fi, left_out[v], NULL, NULL, &used), MQW_ERR_ARG);
        }
        static const int types[] = {MQW_PINGREQ, MQW_DISCONNECT, MQW_PUBACK};
        for (size_t t = 0; t < ARRAY_LEN(types); t++) {
            mqw_packet pkt;
            memset(&pkt, 0, sizeof pkt);
            pkt.type = (uint8_t)types[t];
            pkt.u.ack.type = (uint8_t)types[t];
            pkt.u.ack.packet_id = 1;
            uint8_t out[16];
            size_t len = 99;
            ck_assert_int_eq(mqw_build(out, sizeof out, &pkt, left_out[v], NULL, NULL, &len),
                             MQW_ERR_ARG);
        }
        ck_assert_int_eq(mqw_topic_filter_check(mqw_cstr("a/+"), left_out[v], 0, NULL),
                         MQW_ERR_ARG);
    }
    /* A 5.0 CONNECT cannot be built either. */
    mqw_packet pkt;
    memset(&pkt, 0, sizeof pkt);
    pkt.type = MQW_CONNECT;
    pkt.u.connect.version = MQW_V5;
    pkt.u.connect.client_id = mqw_cstr("c");
    uint8_t out[64];
    size_t len = 0;
    ck_assert_int_eq(mqw_build(out, sizeof out, &pkt, MQW_V5, NULL, NULL, &len), MQW_ERR_ARG);
}
END_TEST

/* Without 5.0 there are no properties and no reason codes: the iterator
 * and lookups find nothing, whatever bytes they are handed. */
START_TEST(no_properties_without_v5)
{
    static const uint8_t block[] = {0x01, 0x01};
    mqw_props props;
    memset(&props, 0, sizeof props);
    props.raw.ptr = block;
    props.raw.len = sizeof block;
    mqw_iter it;
    mqw_property p;
    mqw_props_iter(&it, &props);
    ck_assert(!mqw_props_next(&it, &p));
    ck_assert(!mqw_props_find(&props, 0x01, &p));
    ck_assert_int_eq(mqw_property_type(0x01), MQW_PTYPE_NONE);
    ck_assert_str_eq(mqw_property_name(0x01), "?");
}
END_TEST

/* MQW_NO_NAMES: the names of packets, properties and reason codes are
 * "?"; the error constants keep theirs (mqw_diag_format names them). */
START_TEST(no_names)
{
    ck_assert_str_eq(mqw_packet_name(MQW_PUBLISH), "?");
    ck_assert_str_eq(mqw_property_name(MQW_PROP_TOPIC_ALIAS), "?");
    ck_assert_str_eq(mqw_reason_string(0x87), "?");
    ck_assert_str_eq(mqw_reason_string(0x00), "?");
    ck_assert_str_eq(mqw_strerror(MQW_ERR_QOS), "MQW_ERR_QOS");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("knobs");
    TCase *tc = tcase_create("3.1.1 only");
    tcase_add_loop_test(tc, v311_vec, 0, (int)ARRAY_LEN(v311_vecs));
    tcase_add_test(tc, left_out_versions_are_arguments_errors);
    tcase_add_test(tc, no_properties_without_v5);
    tcase_add_test(tc, no_names);
    suite_add_tcase(s, tc);
    return suite_main(s);
}
