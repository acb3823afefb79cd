/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/*
 * lib/publish.c: PUBLISH, the header-only PUBLISH builder, and PUBACK /
 * PUBREC / PUBREL / PUBCOMP. Tables of byte vectors (parse, build, mirror
 * and the sweeps of util.c), tables of builder refusals, and plain tests for
 * what a table row cannot say (the header-only builder, trimming, lenient
 * forms that never rebuild, direct calls).
 */
#include <stdlib.h>
#include <string.h>

#include "util.h"
#include "wire.h"

/* Brace-initialiser macros and the byte tables below are laid out by hand
 * (one row per packet, a comment per field); the code is clang-formatted. */
/* clang-format off */
#define PUB(...) {.type = MQW_PUBLISH, .u.publish = {__VA_ARGS__}}
#define ACK(t, ...) {.type = (t), .u.ack = {.type = (t), __VA_ARGS__}}
#define PROPS(...)                                                                                \
    {.list = (const mqw_property[]){__VA_ARGS__},                                                 \
     .n = sizeof((const mqw_property[]){__VA_ARGS__}) / sizeof(mqw_property)}
#define P_NUM(pid, x) {.id = (pid), .v.num = (x)}
#define P_STR(pid, s) {.id = (pid), .v.bytes = S(s)}
#define P_PAIR(k, val) {.id = MQW_PROP_USER_PROPERTY, .v.pair = {S(k), S(val)}}

/* 128 bytes of 0xAA: a payload that needs a two-byte Remaining Length. */
#define AA8 0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA, 0xAA
#define AA8_HEX " AA AA AA AA AA AA AA AA"
#define AA64_HEX AA8_HEX AA8_HEX AA8_HEX AA8_HEX AA8_HEX AA8_HEX AA8_HEX AA8_HEX
static const uint8_t payload_aa128[128] = {AA8, AA8, AA8, AA8, AA8, AA8, AA8, AA8,
                                           AA8, AA8, AA8, AA8, AA8, AA8, AA8, AA8};
/* clang-format on */

/* One byte over the longest string (STR-10); its content is never read. */
static const uint8_t topic_65536[65536];

/* ---- PUBLISH parse vectors ----------------------------------------------- */

/* clang-format off */
static const vec publish_vecs[] = {
    /* Section 1: flags. */
    {.name = "FH-17 PUBLISH QoS 3 (3.1)", .version = MQW_V31, .hex = "36 05 00 01 61 00 01",
     .err = MQW_ERR_QOS, .offset = 0, .rule = "FH-17"},
    {.name = "FH-17 PUBLISH QoS 3 (3.1.1)", .version = MQW_V311, .hex = "36 05 00 01 61 00 01",
     .err = MQW_ERR_QOS, .offset = 0, .rule = "FH-17"},
    {.name = "FH-17 PUBLISH QoS 3 (5.0)", .version = MQW_V5, .hex = "36 06 00 01 61 00 01 00",
     .err = MQW_ERR_QOS, .offset = 0, .rule = "FH-17"},
    {.name = "FH-18 PUBLISH DUP on QoS 0 (3.1.1)", .version = MQW_V311, .hex = "38 03 00 01 61",
     .err = MQW_ERR_FLAGS, .offset = 0, .rule = "FH-18"},
    {.name = "FH-18 PUBLISH DUP on QoS 0 (5.0)", .version = MQW_V5, .hex = "38 04 00 01 61 00",
     .err = MQW_ERR_FLAGS, .offset = 0, .rule = "FH-18"},
    /* C-2 "accept and clear DUP": the struct says QoS 0 without DUP, so the
     * packet rebuilds in its canonical form. */
    {.name = "FH-18 MQW_LENIENT_DUP_QOS0 accepts and clears DUP (3.1.1)", .version = MQW_V311,
     .flags = MQW_LENIENT_DUP_QOS0, .hex = "38 03 00 01 61", .pkt = PUB(.topic = S("a")),
     .canon = "30 03 00 01 61"},
    {.name = "FH-18 MQW_LENIENT_DUP_QOS0 accepts and clears DUP (5.0)", .version = MQW_V5,
     .flags = MQW_LENIENT_DUP_QOS0, .hex = "38 04 00 01 61 00", .pkt = PUB(.topic = S("a")),
     .canon = "30 04 00 01 61 00"},
    {.name = "FH-19 PUBLISH DUP + QoS 1 + RETAIN (3.1)", .version = MQW_V31,
     .hex = "3B 05 00 01 61 00 01",
     .pkt = PUB(.qos = 1, .dup = true, .retain = true, .packet_id = 1, .topic = S("a"))},
    {.name = "FH-19 PUBLISH DUP + QoS 1 + RETAIN (3.1.1)", .version = MQW_V311,
     .hex = "3B 05 00 01 61 00 01",
     .pkt = PUB(.qos = 1, .dup = true, .retain = true, .packet_id = 1, .topic = S("a"))},
    {.name = "FH-19 PUBLISH DUP + QoS 1 + RETAIN (5.0)", .version = MQW_V5,
     .hex = "3B 06 00 01 61 00 01 00",
     .pkt = PUB(.qos = 1, .dup = true, .retain = true, .packet_id = 1, .topic = S("a"))},
    {.name = "FH-19 PUBLISH DUP + QoS 2 (3.1.1)", .version = MQW_V311,
     .hex = "3C 08"
            " 00 03 61 2F 62" /* Topic Name "a/b" */
            " 12 34"          /* Packet Identifier */
            " FF",            /* payload */
     .pkt = PUB(.qos = 2, .dup = true, .packet_id = 0x1234, .topic = S("a/b"),
                .payload = S("\xFF"))},
    {.name = "FH-19 PUBLISH QoS 2 + RETAIN (5.0)", .version = MQW_V5,
     .hex = "35 09 00 03 61 2F 62 FF FF 00 2A",
     .pkt = PUB(.qos = 2, .retain = true, .packet_id = 0xFFFF, .topic = S("a/b"),
                .payload = S("\x2A"))},

    /* Section 2: lengths. */
    {.name = "RL-3 PUBLISH incomplete (3.1.1)", .version = MQW_V311, .hex = "30 05 00 01 61",
     .err = MQW_ERR_NEED_MORE},
    {.name = "RL-3 PUBLISH incomplete (5.0)", .version = MQW_V5, .hex = "30 05 00 01 61",
     .err = MQW_ERR_NEED_MORE},
    {.name = "RL-3 PUBLISH incomplete, two-byte RL (3.1)", .version = MQW_V31,
     .hex = "30 83 01 00 01 61", .err = MQW_ERR_NEED_MORE},
    {.name = "RL-2 MQW_LENIENT_VARINT: padded RL on a 3.1.1 PUBLISH", .version = MQW_V311,
     .flags = MQW_LENIENT_VARINT, .hex = "30 85 00 00 01 61 00 01",
     .pkt = PUB(.topic = S("a"), .payload = S("\x00\x01")), .canon = "30 05 00 01 61 00 01"},
    {.name = "RL-6 PUBLISH Property Length not minimal", .version = MQW_V5,
     .hex = "30 05 00 01 61 80 00", .err = MQW_ERR_VARINT, .offset = 6, .rule = "RL-6"},
    {.name = "RL-7 PUBLISH Property Length past RL", .version = MQW_V5,
     .hex = "30 04 00 01 61 05", .err = MQW_ERR_SHORT, .offset = 5, .rule = "RL-7"},
    {.name = "RL-8 PUB-1 PUBLISH RL 0 (3.1)", .version = MQW_V31, .hex = "30 00",
     .err = MQW_ERR_SHORT, .offset = 1, .rule = "PUB-1"},
    {.name = "RL-8 PUB-1 PUBLISH RL 0 (3.1.1)", .version = MQW_V311, .hex = "30 00",
     .err = MQW_ERR_SHORT, .offset = 1, .rule = "PUB-1"},
    {.name = "RL-8 PUB-1 PUBLISH RL 0 (5.0)", .version = MQW_V5, .hex = "30 00",
     .err = MQW_ERR_SHORT, .offset = 1, .rule = "PUB-1"},
    {.name = "RL-8 PUBLISH larger than max_packet_size", .version = MQW_V311,
     .hex = "30 05 00 01 61 00 01", .err = MQW_ERR_TOO_LARGE, .offset = 1,
     .max_packet_size = 6},
    {.name = "PUBLISH exactly max_packet_size", .version = MQW_V311,
     .hex = "30 05 00 01 61 00 01", .pkt = PUB(.topic = S("a"), .payload = S("\x00\x01")),
     .max_packet_size = 7},

    /* Section 3: the Topic Name is a UTF-8 string. */
    {.name = "STR-1 Topic Name bad continuation byte (3.1)", .version = MQW_V31,
     .hex = "30 04 00 02 C3 28", .err = MQW_ERR_UTF8, .offset = 4, .rule = "STR-1"},
    {.name = "STR-1 Topic Name bad continuation byte (3.1.1)", .version = MQW_V311,
     .hex = "30 04 00 02 C3 28", .err = MQW_ERR_UTF8, .offset = 4, .rule = "STR-1"},
    {.name = "STR-1 Topic Name bad continuation byte (5.0)", .version = MQW_V5,
     .hex = "30 05 00 02 C3 28 00", .err = MQW_ERR_UTF8, .offset = 4, .rule = "STR-1"},
    {.name = "STR-2 Topic Name surrogate U+D800 (3.1)", .version = MQW_V31,
     .hex = "30 05 00 03 ED A0 80", .err = MQW_ERR_UTF8, .offset = 4, .rule = "STR-2"},
    {.name = "STR-2 Topic Name surrogate U+D800 (3.1.1)", .version = MQW_V311,
     .hex = "30 05 00 03 ED A0 80", .err = MQW_ERR_UTF8, .offset = 4, .rule = "STR-2"},
    {.name = "STR-2 Topic Name surrogate U+D800 (5.0)", .version = MQW_V5,
     .hex = "30 06 00 03 ED A0 80 00", .err = MQW_ERR_UTF8, .offset = 4, .rule = "STR-2"},
    {.name = "STR-3 Topic Name overlong '/' (3.1)", .version = MQW_V31,
     .hex = "30 04 00 02 C0 AF", .err = MQW_ERR_UTF8, .offset = 4, .rule = "STR-3"},
    {.name = "STR-3 Topic Name overlong '/' (3.1.1)", .version = MQW_V311,
     .hex = "30 04 00 02 C0 AF", .err = MQW_ERR_UTF8, .offset = 4, .rule = "STR-3"},
    {.name = "STR-3 Topic Name overlong '/' (5.0)", .version = MQW_V5,
     .hex = "30 05 00 02 C0 AF 00", .err = MQW_ERR_UTF8, .offset = 4, .rule = "STR-3"},
    {.name = "STR-4 Topic Name above U+10FFFF (3.1)", .version = MQW_V31,
     .hex = "30 06 00 04 F4 90 80 80", .err = MQW_ERR_UTF8, .offset = 4, .rule = "STR-4"},
    {.name = "STR-4 Topic Name above U+10FFFF (3.1.1)", .version = MQW_V311,
     .hex = "30 06 00 04 F4 90 80 80", .err = MQW_ERR_UTF8, .offset = 4, .rule = "STR-4"},
    {.name = "STR-4 Topic Name above U+10FFFF (5.0)", .version = MQW_V5,
     .hex = "30 07 00 04 F4 90 80 80 00", .err = MQW_ERR_UTF8, .offset = 4, .rule = "STR-4"},
    {.name = "STR-5 Topic Name sequence cut by its length (3.1)", .version = MQW_V31,
     .hex = "30 03 00 01 E2", .err = MQW_ERR_UTF8, .offset = 4, .rule = "STR-5"},
    {.name = "STR-5 Topic Name sequence cut by its length (3.1.1)", .version = MQW_V311,
     .hex = "30 03 00 01 E2", .err = MQW_ERR_UTF8, .offset = 4, .rule = "STR-5"},
    {.name = "STR-5 Topic Name sequence cut by its length (5.0)", .version = MQW_V5,
     .hex = "30 04 00 01 E2 00", .err = MQW_ERR_UTF8, .offset = 4, .rule = "STR-5"},
    {.name = "STR-6 Topic Name with U+0000 (3.1)", .version = MQW_V31,
     .hex = "30 05 00 03 61 00 62", .err = MQW_ERR_UTF8, .offset = 5, .rule = "STR-6"},
    {.name = "STR-6 Topic Name with U+0000 (3.1.1)", .version = MQW_V311,
     .hex = "30 05 00 03 61 00 62", .err = MQW_ERR_UTF8, .offset = 5, .rule = "STR-6"},
    {.name = "STR-6 Topic Name with U+0000 (5.0)", .version = MQW_V5,
     .hex = "30 06 00 03 61 00 62 00", .err = MQW_ERR_UTF8, .offset = 5, .rule = "STR-6"},
    {.name = "STR-7 Topic Name keeps U+FEFF (3.1.1)", .version = MQW_V311,
     .hex = "30 06 00 04 EF BB BF 61", .pkt = PUB(.topic = S("\xEF\xBB\xBF" "a"))},
    {.name = "STR-7 Topic Name keeps U+FEFF (5.0)", .version = MQW_V5,
     .hex = "30 07 00 04 EF BB BF 61 00", .pkt = PUB(.topic = S("\xEF\xBB\xBF" "a"))},
    {.name = "STR-8 control character accepted by default (3.1.1)", .version = MQW_V311,
     .hex = "30 04 00 02 61 01", .pkt = PUB(.topic = S("a\x01"))},
    {.name = "STR-8 control character accepted by default (5.0)", .version = MQW_V5,
     .hex = "30 05 00 02 61 01 00", .pkt = PUB(.topic = S("a\x01"))},
    {.name = "STR-8 MQW_STRICT_UTF8 control character (3.1.1)", .version = MQW_V311,
     .flags = MQW_STRICT_UTF8, .hex = "30 04 00 02 61 01", .err = MQW_ERR_UTF8, .offset = 5,
     .rule = "STR-8"},
    {.name = "STR-8 MQW_STRICT_UTF8 non-character U+FFFF (5.0)", .version = MQW_V5,
     .flags = MQW_STRICT_UTF8, .hex = "30 06 00 03 EF BF BF 00", .err = MQW_ERR_UTF8,
     .offset = 4, .rule = "STR-8"},
    {.name = "STR-9 PUB-1 Topic Name length past RL (3.1)", .version = MQW_V31,
     .hex = "30 03 00 05 61", .err = MQW_ERR_SHORT, .offset = 2, .rule = "PUB-1"},
    {.name = "STR-9 PUB-1 Topic Name length past RL (3.1.1)", .version = MQW_V311,
     .hex = "30 03 00 05 61", .err = MQW_ERR_SHORT, .offset = 2, .rule = "PUB-1"},
    {.name = "STR-9 PUB-1 Topic Name length past RL (5.0)", .version = MQW_V5,
     .hex = "30 03 00 05 61", .err = MQW_ERR_SHORT, .offset = 2, .rule = "PUB-1"},
    {.name = "STR-9 RL-5 Topic Name past RL although the buffer holds more", .version = MQW_V311,
     .hex = "30 03 00 02 61 | 62 C0 00", .err = MQW_ERR_SHORT, .offset = 2, .rule = "PUB-1"},
    {.name = "STR-15 PR-29 Content Type not UTF-8 in PUBLISH", .version = MQW_V5,
     .hex = "30 09 00 01 61"
            " 05 03 00 02 61 FF", /* Property Length 5, Content Type "a\xFF" */
     .err = MQW_ERR_UTF8, .offset = 10, .rule = "STR-15"},
    {.name = "STR-16 User Property value not UTF-8 in PUBLISH", .version = MQW_V5,
     .hex = "30 0B 00 01 61"
            " 07 26 00 01 6B 00 01 C0", /* User Property "k" = "\xC0" */
     .err = MQW_ERR_UTF8, .offset = 12, .rule = "STR-16"},

    /* Section 4: Packet Identifier. */
    {.name = "PID-1 PUBLISH QoS 1 with PI 0 (3.1)", .version = MQW_V31,
     .hex = "32 05 00 01 61 00 00", .err = MQW_ERR_PACKET_ID, .offset = 5, .rule = "PID-1"},
    {.name = "PID-1 PUBLISH QoS 1 with PI 0 (3.1.1)", .version = MQW_V311,
     .hex = "32 05 00 01 61 00 00", .err = MQW_ERR_PACKET_ID, .offset = 5, .rule = "PID-1"},
    {.name = "PID-1 PUBLISH QoS 1 with PI 0 (5.0)", .version = MQW_V5,
     .hex = "32 06 00 01 61 00 00 00", .err = MQW_ERR_PACKET_ID, .offset = 5, .rule = "PID-1"},
    {.name = "PID-1 PUBLISH QoS 2 with PI 0 (3.1.1)", .version = MQW_V311,
     .hex = "34 05 00 01 61 00 00", .err = MQW_ERR_PACKET_ID, .offset = 5, .rule = "PID-1"},
    {.name = "PID-4 QoS 0: the bytes after the Topic Name are payload (3.1)", .version = MQW_V31,
     .hex = "30 05 00 01 61 00 01", .pkt = PUB(.topic = S("a"), .payload = S("\x00\x01"))},
    {.name = "PID-4 QoS 0: the bytes after the Topic Name are payload (3.1.1)",
     .version = MQW_V311, .hex = "30 05 00 01 61 00 01",
     .pkt = PUB(.topic = S("a"), .payload = S("\x00\x01"))},
    {.name = "PID-4 QoS 0: the bytes after the properties are payload (5.0)", .version = MQW_V5,
     .hex = "30 06 00 01 61 00 00 01", .pkt = PUB(.topic = S("a"), .payload = S("\x00\x01"))},
    {.name = "PID-7 PUBLISH QoS 1 ends before the PI (3.1)", .version = MQW_V31,
     .hex = "32 03 00 01 61", .err = MQW_ERR_SHORT, .offset = 1, .rule = "PID-7"},
    {.name = "PID-7 PUBLISH QoS 1 ends before the PI (3.1.1)", .version = MQW_V311,
     .hex = "32 03 00 01 61", .err = MQW_ERR_SHORT, .offset = 1, .rule = "PID-7"},
    {.name = "PID-7 PUBLISH QoS 1 ends before the PI (5.0)", .version = MQW_V5,
     .hex = "32 03 00 01 61", .err = MQW_ERR_SHORT, .offset = 1, .rule = "PID-7"},
    {.name = "PID-7 PUBLISH QoS 2 with half a PI", .version = MQW_V311,
     .hex = "34 04 00 01 61 00", .err = MQW_ERR_SHORT, .offset = 5, .rule = "PID-7"},

    /* Section 8: PUBLISH. */
    {.name = "PUB-1 PUBLISH without room for the Topic Name length (3.1)", .version = MQW_V31,
     .hex = "30 01 00", .err = MQW_ERR_SHORT, .offset = 2, .rule = "PUB-1"},
    {.name = "PUB-1 PUBLISH without room for the Topic Name length (3.1.1)", .version = MQW_V311,
     .hex = "30 01 00", .err = MQW_ERR_SHORT, .offset = 2, .rule = "PUB-1"},
    {.name = "PUB-1 PUBLISH without room for the Topic Name length (5.0)", .version = MQW_V5,
     .hex = "30 01 00", .err = MQW_ERR_SHORT, .offset = 2, .rule = "PUB-1"},
    {.name = "PUB-2 Topic Name with '+' (3.1)", .version = MQW_V31, .hex = "30 05 00 03 61 2B 62",
     .err = MQW_ERR_TOPIC_NAME, .offset = 5, .rule = "PUB-2"},
    {.name = "PUB-2 Topic Name with '+' (3.1.1)", .version = MQW_V311,
     .hex = "30 05 00 03 61 2B 62", .err = MQW_ERR_TOPIC_NAME, .offset = 5, .rule = "PUB-2"},
    {.name = "PUB-2 Topic Name with '+' (5.0)", .version = MQW_V5,
     .hex = "30 06 00 03 61 2B 62 00", .err = MQW_ERR_TOPIC_NAME, .offset = 5, .rule = "PUB-2"},
    {.name = "PUB-3 Topic Name with '#' (3.1)", .version = MQW_V31, .hex = "30 05 00 03 61 2F 23",
     .err = MQW_ERR_TOPIC_NAME, .offset = 6, .rule = "PUB-3"},
    {.name = "PUB-3 Topic Name with '#' (3.1.1)", .version = MQW_V311,
     .hex = "30 05 00 03 61 2F 23", .err = MQW_ERR_TOPIC_NAME, .offset = 6, .rule = "PUB-3"},
    {.name = "PUB-3 Topic Name with '#' (5.0)", .version = MQW_V5,
     .hex = "30 06 00 03 61 2F 23 00", .err = MQW_ERR_TOPIC_NAME, .offset = 6, .rule = "PUB-3"},
    {.name = "PUB-4 empty Topic Name (3.1)", .version = MQW_V31, .hex = "30 02 00 00",
     .err = MQW_ERR_TOPIC_NAME, .offset = 2, .rule = "PUB-4"},
    {.name = "PUB-4 empty Topic Name (3.1.1)", .version = MQW_V311, .hex = "30 02 00 00",
     .err = MQW_ERR_TOPIC_NAME, .offset = 2, .rule = "PUB-4"},
    {.name = "PUB-4 empty Topic Name on QoS 1 (3.1.1)", .version = MQW_V311,
     .hex = "32 04 00 00 00 01", .err = MQW_ERR_TOPIC_NAME, .offset = 2, .rule = "PUB-4"},
    {.name = "PUB-5 empty Topic Name without Topic Alias", .version = MQW_V5,
     .hex = "30 03 00 00 00", .err = MQW_ERR_PROTOCOL, .offset = 2, .rule = "PUB-5"},
    {.name = "PUB-5 empty Topic Name, properties but no Topic Alias", .version = MQW_V5,
     .hex = "30 05 00 00 02 01 01", .err = MQW_ERR_PROTOCOL, .offset = 2, .rule = "PUB-5"},
    {.name = "PUB-5 PUB-8 empty Topic Name and no Property Length", .version = MQW_V5,
     .hex = "30 02 00 00", .err = MQW_ERR_SHORT, .offset = 1, .rule = "PUB-8"},
    {.name = "PUB-6 empty Topic Name with Topic Alias 1", .version = MQW_V5,
     .hex = "30 06 00 00 03 23 00 01",
     .pkt = PUB(.topic = S(""), .props = PROPS(P_NUM(MQW_PROP_TOPIC_ALIAS, 1)))},
    {.name = "PUB-6 empty Topic Name, Topic Alias after other properties, QoS 1",
     .version = MQW_V5,
     .hex = "32 0C 00 00 00 09"
            " 05 01 01 23 FF FF" /* Payload Format Indicator 1, Topic Alias 65535 */
            " 68 69",            /* payload "hi" */
     .pkt = PUB(.qos = 1, .packet_id = 9, .topic = S(""),
                .props = PROPS(P_NUM(MQW_PROP_PAYLOAD_FORMAT_INDICATOR, 1),
                               P_NUM(MQW_PROP_TOPIC_ALIAS, 0xFFFF)),
                .payload = S("hi"))},
    {.name = "PUB-7 Topic Alias 0", .version = MQW_V5, .hex = "30 07 00 01 61 03 23 00 00",
     .err = MQW_ERR_TOPIC_ALIAS, .offset = 6, .rule = "PUB-7"},
    {.name = "PUB-8 3.1.1-shaped PUBLISH on 5.0 has no Property Length", .version = MQW_V5,
     .hex = "30 03 00 01 61", .err = MQW_ERR_SHORT, .offset = 1, .rule = "PUB-8"},
    {.name = "PUB-8 QoS 1 PUBLISH ends after the PI (5.0)", .version = MQW_V5,
     .hex = "32 05 00 01 61 00 01", .err = MQW_ERR_SHORT, .offset = 1, .rule = "PUB-8"},
    {.name = "PUB-9 empty payload, RETAIN (3.1)", .version = MQW_V31, .hex = "31 03 00 01 61",
     .pkt = PUB(.retain = true, .topic = S("a"))},
    {.name = "PUB-9 empty payload, RETAIN (3.1.1)", .version = MQW_V311, .hex = "31 03 00 01 61",
     .pkt = PUB(.retain = true, .topic = S("a"))},
    {.name = "PUB-9 empty payload, RETAIN (5.0)", .version = MQW_V5, .hex = "31 04 00 01 61 00",
     .pkt = PUB(.retain = true, .topic = S("a"))},
    {.name = "PUB-10 Subscription Identifier from a client, received by a server",
     .version = MQW_V5, .role = MQW_ROLE_SERVER, .hex = "30 06 00 01 61 02 0B 01",
     .err = MQW_ERR_PROPERTY_NOT_ALLOWED, .offset = 6, .rule = "PUB-10"},
    {.name = "PUB-10 Subscription Identifier from a server, received by a client",
     .version = MQW_V5, .role = MQW_ROLE_CLIENT, .hex = "30 06 00 01 61 02 0B 01",
     .pkt = PUB(.topic = S("a"), .props = PROPS(P_NUM(MQW_PROP_SUBSCRIPTION_IDENTIFIER, 1)))},
    {.name = "PUB-10 Subscription Identifier without a role", .version = MQW_V5,
     .hex = "30 06 00 01 61 02 0B 01",
     .pkt = PUB(.topic = S("a"), .props = PROPS(P_NUM(MQW_PROP_SUBSCRIPTION_IDENTIFIER, 1)))},
    {.name = "PUB-11 several Subscription Identifiers", .version = MQW_V5,
     .role = MQW_ROLE_CLIENT, .hex = "30 08 00 01 61 04 0B 01 0B 02",
     .pkt = PUB(.topic = S("a"), .props = PROPS(P_NUM(MQW_PROP_SUBSCRIPTION_IDENTIFIER, 1),
                                                P_NUM(MQW_PROP_SUBSCRIPTION_IDENTIFIER, 2)))},
    {.name = "PUB-12 Response Topic with a wildcard", .version = MQW_V5,
     .hex = "30 0A 00 01 61 06 08 00 03 61 2F 23", .err = MQW_ERR_PROPERTY_VALUE, .offset = 11,
     .rule = "PUB-12"},
    {.name = "PUB-13 empty Response Topic", .version = MQW_V5, .hex = "30 07 00 01 61 03 08 00 00",
     .err = MQW_ERR_PROPERTY_VALUE, .offset = 6, .rule = "PUB-13"},
    /* Regression (review): the builder used to honour the lenient flag and
     * emit bytes a default parser rejects. */
    {.name = "PUB-13 C-25 MQW_LENIENT_RESPONSE_TOPIC accepts an empty Response Topic; never built",
     .version = MQW_V5, .flags = MQW_LENIENT_RESPONSE_TOPIC, .hex = "30 07 00 01 61 03 08 00 00",
     .pkt = PUB(.topic = S("a"), .props = PROPS(P_STR(MQW_PROP_RESPONSE_TOPIC, ""))),
     .build_err = MQW_ERR_PROPERTY_VALUE, .build_rule = "PUB-13"},
    {.name = "PUB-14 C-14 Topic Name starting with '$' (3.1.1)", .version = MQW_V311,
     .hex = "30 08 00 06 24 53 59 53 2F 78", .pkt = PUB(.topic = S("$SYS/x"))},
    {.name = "PUB-14 Topic Name starting with '$' (5.0)", .version = MQW_V5,
     .hex = "30 09 00 06 24 53 59 53 2F 78 00", .pkt = PUB(.topic = S("$SYS/x"))},

    /* Section 15/16: properties in PUBLISH (the table is props.c's). */
    {.name = "PR-2 Message Expiry Interval cut short", .version = MQW_V5,
     .hex = "30 07 00 01 61 03 02 00 0A", .err = MQW_ERR_SHORT, .offset = 7, .rule = "PR-2"},
    {.name = "PR-5 Message Expiry Interval twice", .version = MQW_V5,
     .hex = "30 0E 00 01 61 0A 02 00 00 00 0A 02 00 00 00 0B",
     .err = MQW_ERR_PROPERTY_DUPLICATE, .offset = 11, .rule = "PR-5"},
    {.name = "PR-12 Reason String in PUBLISH", .version = MQW_V5,
     .hex = "30 08 00 01 61 04 1F 00 01 78", .err = MQW_ERR_PROPERTY_NOT_ALLOWED, .offset = 6,
     .rule = "PR-12"},
    {.name = "PR-27 Payload Format Indicator 2", .version = MQW_V5,
     .hex = "30 06 00 01 61 02 01 02", .err = MQW_ERR_PROPERTY_VALUE, .offset = 6,
     .rule = "PR-27"},
    {.name = "PR-29 STR-18 Correlation Data is binary", .version = MQW_V5,
     .hex = "30 09 00 01 61 05 09 00 02 FF 00",
     .pkt = PUB(.topic = S("a"), .props = PROPS(P_STR(MQW_PROP_CORRELATION_DATA, "\xFF\x00")))},
    {.name = "PR-6 every PUBLISH property, QoS 1", .version = MQW_V5,
     .hex = "32 27"
            " 00 03 61 2F 62"       /* Topic Name "a/b" */
            " 00 07"                /* Packet Identifier 7 */
            " 1D"                   /* Property Length 29 */
            " 01 01"                /* Payload Format Indicator 1 */
            " 02 00 00 00 0A"       /* Message Expiry Interval 10 */
            " 03 00 01 74"          /* Content Type "t" */
            " 08 00 01 72"          /* Response Topic "r" */
            " 09 00 01 63"          /* Correlation Data "c" */
            " 26 00 01 6B 00 01 76" /* User Property "k" = "v" */
            " 23 00 05"             /* Topic Alias 5 */
            " 68 69",               /* payload "hi" */
     .pkt = PUB(.qos = 1, .packet_id = 7, .topic = S("a/b"),
                .props = PROPS(P_NUM(MQW_PROP_PAYLOAD_FORMAT_INDICATOR, 1),
                               P_NUM(MQW_PROP_MESSAGE_EXPIRY_INTERVAL, 10),
                               P_STR(MQW_PROP_CONTENT_TYPE, "t"),
                               P_STR(MQW_PROP_RESPONSE_TOPIC, "r"),
                               P_STR(MQW_PROP_CORRELATION_DATA, "c"), P_PAIR("k", "v"),
                               P_NUM(MQW_PROP_TOPIC_ALIAS, 5)),
                .payload = S("hi"))},

    /* Section 18: the payload takes the rest. */
    {.name = "TB-12 PUBLISH payload takes every remaining byte (5.0)", .version = MQW_V5,
     .hex = "32 08 00 01 61 00 01 00 FF FF",
     .pkt = PUB(.qos = 1, .packet_id = 1, .topic = S("a"), .payload = S("\xFF\xFF"))},
    {.name = "TB-12 PUBLISH ends at its RL, the next packet follows (3.1.1)", .version = MQW_V311,
     .hex = "30 05 00 01 61 00 01 | C0 00", .pkt = PUB(.topic = S("a"), .payload = S("\x00\x01"))},
    {.name = "TB-12 PUBLISH with a 128-byte payload (two-byte RL)", .version = MQW_V311,
     .hex = "30 83 01 00 01 61" AA64_HEX AA64_HEX,
     .pkt = PUB(.topic = S("a"), .payload = {payload_aa128, sizeof payload_aa128})},

    /* C-13: MQW_STRICT_PAYLOAD_UTF8. */
    {.name = "PR-27 Payload Format Indicator 1, payload not UTF-8, no strict flag",
     .version = MQW_V5, .hex = "30 07 00 01 61 02 01 01 FF",
     .pkt = PUB(.topic = S("a"), .props = PROPS(P_NUM(MQW_PROP_PAYLOAD_FORMAT_INDICATOR, 1)),
                .payload = S("\xFF"))},
    {.name = "PR-27 MQW_STRICT_PAYLOAD_UTF8: indicator 1, payload not UTF-8", .version = MQW_V5,
     .flags = MQW_STRICT_PAYLOAD_UTF8, .hex = "30 07 00 01 61 02 01 01 FF",
     .err = MQW_ERR_PAYLOAD_UTF8, .offset = 8},
    {.name = "PR-27 MQW_STRICT_PAYLOAD_UTF8: bad sequence after a U+0000", .version = MQW_V5,
     .flags = MQW_STRICT_PAYLOAD_UTF8, .hex = "30 0A 00 01 61 02 01 01 61 00 C3 28",
     .err = MQW_ERR_PAYLOAD_UTF8, .offset = 10},
    {.name = "PR-27 MQW_STRICT_PAYLOAD_UTF8: UTF-8 payload with U+0000 is text",
     .version = MQW_V5, .flags = MQW_STRICT_PAYLOAD_UTF8,
     .hex = "30 0A 00 01 61 02 01 01 C3 A9 00 7A",
     .pkt = PUB(.topic = S("a"), .props = PROPS(P_NUM(MQW_PROP_PAYLOAD_FORMAT_INDICATOR, 1)),
                .payload = S("\xC3\xA9\x00z"))},
    {.name = "PR-27 MQW_STRICT_PAYLOAD_UTF8: indicator 0 leaves bytes alone", .version = MQW_V5,
     .flags = MQW_STRICT_PAYLOAD_UTF8, .hex = "30 08 00 01 61 02 01 00 FF FE",
     .pkt = PUB(.topic = S("a"), .props = PROPS(P_NUM(MQW_PROP_PAYLOAD_FORMAT_INDICATOR, 0)),
                .payload = S("\xFF\xFE"))},
    {.name = "PR-27 MQW_STRICT_PAYLOAD_UTF8 reports the earlier property error",
     .version = MQW_V5, .flags = MQW_STRICT_PAYLOAD_UTF8, .hex = "30 07 00 01 61 02 01 02 FF",
     .err = MQW_ERR_PROPERTY_VALUE, .offset = 6, .rule = "PR-27"},
    {.name = "PR-27 MQW_STRICT_PAYLOAD_UTF8: no indicator leaves bytes alone", .version = MQW_V5,
     .flags = MQW_STRICT_PAYLOAD_UTF8, .hex = "30 05 00 01 61 00 FF",
     .pkt = PUB(.topic = S("a"), .payload = S("\xFF"))},
};
/* clang-format on */

/* ---- ack parse vectors ----------------------------------------------------- */

/* clang-format off */
static const vec ack_vecs[] = {
    /* The plain 2-byte forms of all four in every version. */
    {.name = "ACK-2 PUBACK (3.1)", .version = MQW_V31, .hex = "40 02 00 01",
     .pkt = ACK(MQW_PUBACK, .packet_id = 1)},
    {.name = "ACK-2 PUBACK (3.1.1)", .version = MQW_V311, .hex = "40 02 00 01",
     .pkt = ACK(MQW_PUBACK, .packet_id = 1)},
    {.name = "ACK-2 PUBACK RL 2 means Success without properties (5.0)", .version = MQW_V5,
     .hex = "40 02 00 01", .pkt = ACK(MQW_PUBACK, .packet_id = 1)},
    {.name = "ACK-5 PUBREC (3.1.1)", .version = MQW_V311, .hex = "50 02 FF FF",
     .pkt = ACK(MQW_PUBREC, .packet_id = 0xFFFF)},
    {.name = "ACK-5 PUBREC RL 2 (5.0)", .version = MQW_V5, .hex = "50 02 12 34",
     .pkt = ACK(MQW_PUBREC, .packet_id = 0x1234)},
    {.name = "ACK-5 PUBREL (3.1.1)", .version = MQW_V311, .hex = "62 02 00 01",
     .pkt = ACK(MQW_PUBREL, .packet_id = 1)},
    {.name = "ACK-5 PUBREL RL 2 (5.0)", .version = MQW_V5, .hex = "62 02 00 01",
     .pkt = ACK(MQW_PUBREL, .packet_id = 1)},
    {.name = "ACK-5 PUBCOMP (3.1)", .version = MQW_V31, .hex = "70 02 00 01",
     .pkt = ACK(MQW_PUBCOMP, .packet_id = 1)},
    {.name = "ACK-5 PUBCOMP RL 2 (5.0)", .version = MQW_V5, .hex = "70 02 00 01",
     .pkt = ACK(MQW_PUBCOMP, .packet_id = 1)},

    /* Section 1: the fixed flag nibbles. */
    {.name = "FH-3 PUBACK flags 0010 (3.1.1)", .version = MQW_V311, .hex = "42 02 00 01",
     .err = MQW_ERR_FLAGS, .offset = 0, .rule = "FH-3"},
    {.name = "FH-3 PUBACK flags 0010 (5.0)", .version = MQW_V5, .hex = "42 02 00 01",
     .err = MQW_ERR_FLAGS, .offset = 0, .rule = "FH-3"},
    {.name = "FH-4 PUBREC flags 0001 (3.1.1)", .version = MQW_V311, .hex = "51 02 00 01",
     .err = MQW_ERR_FLAGS, .offset = 0, .rule = "FH-4"},
    {.name = "FH-4 PUBREC flags 0001 (5.0)", .version = MQW_V5, .hex = "51 02 00 01",
     .err = MQW_ERR_FLAGS, .offset = 0, .rule = "FH-4"},
    {.name = "FH-5 PUBREL flags 0000 (3.1.1)", .version = MQW_V311, .hex = "60 02 00 01",
     .err = MQW_ERR_FLAGS, .offset = 0, .rule = "FH-5"},
    {.name = "FH-5 PUBREL flags 0000 (5.0)", .version = MQW_V5, .hex = "60 02 00 01",
     .err = MQW_ERR_FLAGS, .offset = 0, .rule = "FH-5"},
    {.name = "FH-5 31-12 PUBREL with DUP is 3.1 only (3.1.1)", .version = MQW_V311,
     .hex = "6A 02 00 01", .err = MQW_ERR_FLAGS, .offset = 0, .rule = "FH-5"},
    {.name = "FH-6 PUBCOMP flags 0010 (3.1.1)", .version = MQW_V311, .hex = "72 02 00 01",
     .err = MQW_ERR_FLAGS, .offset = 0, .rule = "FH-6"},
    {.name = "FH-6 PUBCOMP flags 0010 (5.0)", .version = MQW_V5, .hex = "72 02 00 01",
     .err = MQW_ERR_FLAGS, .offset = 0, .rule = "FH-6"},

    /* Section 19: 3.1 flag bits. */
    {.name = "31-12 3.1 PUBREL with DUP", .version = MQW_V31, .hex = "6A 02 00 01",
     .pkt = ACK(MQW_PUBREL, .dup = true, .packet_id = 1)},
    {.name = "31-13 3.1 PUBREL RETAIN is not used", .version = MQW_V31, .hex = "63 02 00 01",
     .pkt = ACK(MQW_PUBREL, .packet_id = 1), .canon = "62 02 00 01"},
    {.name = "31-12 31-13 3.1 PUBREL with DUP and RETAIN", .version = MQW_V31,
     .hex = "6B 02 00 01", .pkt = ACK(MQW_PUBREL, .dup = true, .packet_id = 1),
     .canon = "6A 02 00 01"},
    {.name = "31-11 3.1 PUBREL needs QoS 1 in its header", .version = MQW_V31,
     .hex = "60 02 00 01", .err = MQW_ERR_FLAGS, .offset = 0, .rule = "31-11"},
    {.name = "31-11 MQW_LENIENT_V31 accepts a 3.1 PUBREL with QoS 0, 31-12 DUP kept",
     .version = MQW_V31, .flags = MQW_LENIENT_V31, .hex = "68 02 00 01",
     .pkt = ACK(MQW_PUBREL, .dup = true, .packet_id = 1), .canon = "6A 02 00 01"},
    {.name = "31-14 3.1 PUBACK flag bits are not used", .version = MQW_V31, .hex = "42 02 00 01",
     .pkt = ACK(MQW_PUBACK, .packet_id = 1), .canon = "40 02 00 01"},
    {.name = "31-14 MQW_STRICT_V31 3.1 PUBCOMP flag bits must be 0", .version = MQW_V31,
     .flags = MQW_STRICT_V31, .hex = "72 02 00 01", .err = MQW_ERR_FLAGS, .offset = 0,
     .rule = "31-14"},

    /* Section 4: Packet Identifier. */
    {.name = "PID-5 PUBREL with PI 0 (3.1)", .version = MQW_V31, .hex = "62 02 00 00",
     .err = MQW_ERR_PACKET_ID, .offset = 2, .rule = "PID-5"},
    {.name = "PID-5 PUBREL with PI 0 (3.1.1)", .version = MQW_V311, .hex = "62 02 00 00",
     .err = MQW_ERR_PACKET_ID, .offset = 2, .rule = "PID-5"},
    {.name = "PID-5 PUBREL with PI 0 (5.0)", .version = MQW_V5, .hex = "62 02 00 00",
     .err = MQW_ERR_PACKET_ID, .offset = 2, .rule = "PID-5"},
    {.name = "PID-5 PUBACK with PI 0 and a reason code (5.0)", .version = MQW_V5,
     .hex = "40 03 00 00 10", .err = MQW_ERR_PACKET_ID, .offset = 2, .rule = "PID-5"},

    /* Section 9: lengths and the 5.0 short forms. */
    {.name = "ACK-1 PUBREC RL 1 (3.1)", .version = MQW_V31, .hex = "50 01 00",
     .err = MQW_ERR_SHORT, .offset = 2, .rule = "ACK-1"},
    {.name = "ACK-1 PUBREC RL 1 (3.1.1)", .version = MQW_V311, .hex = "50 01 00",
     .err = MQW_ERR_SHORT, .offset = 2, .rule = "ACK-1"},
    {.name = "ACK-1 PUBREC RL 1 (5.0)", .version = MQW_V5, .hex = "50 01 00",
     .err = MQW_ERR_SHORT, .offset = 2, .rule = "ACK-1"},
    {.name = "ACK-1 PUBACK RL 0", .version = MQW_V5, .hex = "40 00", .err = MQW_ERR_SHORT,
     .offset = 1, .rule = "ACK-1"},
    {.name = "RL-3 PUBACK incomplete", .version = MQW_V311, .hex = "40 02 00",
     .err = MQW_ERR_NEED_MORE},
    {.name = "ACK-3 PUBACK RL 3: reason code without properties", .version = MQW_V5,
     .hex = "40 03 00 01 10", .pkt = ACK(MQW_PUBACK, .packet_id = 1, .code = 0x10)},
    {.name = "ACK-3 C-15 PUBACK RL 3 with code 0 rebuilds as RL 2", .version = MQW_V5,
     .hex = "40 03 00 01 00", .pkt = ACK(MQW_PUBACK, .packet_id = 1), .canon = "40 02 00 01"},
    {.name = "ACK-4 C-15 PUBACK RL 4 with empty properties rebuilds as RL 2", .version = MQW_V5,
     .hex = "40 04 00 01 00 00", .pkt = ACK(MQW_PUBACK, .packet_id = 1),
     .canon = "40 02 00 01"},
    {.name = "ACK-4 C-15 PUBACK 0x10 with empty properties rebuilds as RL 3", .version = MQW_V5,
     .hex = "40 04 00 01 10 00", .pkt = ACK(MQW_PUBACK, .packet_id = 1, .code = 0x10),
     .canon = "40 03 00 01 10"},
    {.name = "ACK-5 PUBREL RL 3 with 0x92", .version = MQW_V5, .hex = "62 03 00 01 92",
     .pkt = ACK(MQW_PUBREL, .packet_id = 1, .code = 0x92)},
    {.name = "ACK-4 ACK-5 PUBREC 0x80 with a Reason String", .version = MQW_V5,
     .hex = "50 08 00 01"
            " 80"             /* Unspecified error */
            " 04 1F 00 01 78", /* Reason String "x" */
     .pkt = ACK(MQW_PUBREC, .packet_id = 1, .code = 0x80,
                .props = PROPS(P_STR(MQW_PROP_REASON_STRING, "x")))},
    {.name = "ACK-4 ACK-5 PUBCOMP Success with a User Property", .version = MQW_V5,
     .hex = "70 0B 00 02 00 07 26 00 01 6B 00 01 76",
     .pkt = ACK(MQW_PUBCOMP, .packet_id = 2, .props = PROPS(P_PAIR("k", "v")))},
    {.name = "ACK-6 Session Expiry Interval in PUBACK", .version = MQW_V5,
     .hex = "40 09 00 01 00 05 11 00 00 00 01", .err = MQW_ERR_PROPERTY_NOT_ALLOWED,
     .offset = 6, .rule = "ACK-6"},
    {.name = "ACK-6 PR-5 Reason String twice in PUBACK", .version = MQW_V5,
     .hex = "40 0C 00 01 00 08 1F 00 01 61 1F 00 01 62", .err = MQW_ERR_PROPERTY_DUPLICATE,
     .offset = 10, .rule = "PR-5"},

    /* Section 17: reason codes. */
    {.name = "RC-1 PUBACK 0x92", .version = MQW_V5, .hex = "40 03 00 01 92",
     .err = MQW_ERR_REASON_CODE, .offset = 4, .rule = "RC-1"},
    {.name = "RC-1 PUBACK 0x99 Payload format invalid", .version = MQW_V5,
     .hex = "40 03 00 01 99", .pkt = ACK(MQW_PUBACK, .packet_id = 1, .code = 0x99)},
    {.name = "RC-2 PUBREC 0x04", .version = MQW_V5, .hex = "50 03 00 01 04",
     .err = MQW_ERR_REASON_CODE, .offset = 4, .rule = "RC-2"},
    {.name = "RC-2 PUBREC 0x10 No matching subscribers", .version = MQW_V5,
     .hex = "50 03 00 01 10", .pkt = ACK(MQW_PUBREC, .packet_id = 1, .code = 0x10)},
    {.name = "RC-3 PUBREL 0x10", .version = MQW_V5, .hex = "62 03 00 01 10",
     .err = MQW_ERR_REASON_CODE, .offset = 4, .rule = "RC-3"},
    {.name = "RC-3 a bad reason code is reported before a bad property", .version = MQW_V5,
     .hex = "62 05 00 01 10 01 04", .err = MQW_ERR_REASON_CODE, .offset = 4, .rule = "RC-3"},
    {.name = "RC-4 PUBCOMP 0x80", .version = MQW_V5, .hex = "70 03 00 01 80",
     .err = MQW_ERR_REASON_CODE, .offset = 4, .rule = "RC-4"},
    {.name = "RC-4 PUBCOMP 0x92 Packet Identifier not found", .version = MQW_V5,
     .hex = "70 03 00 01 92", .pkt = ACK(MQW_PUBCOMP, .packet_id = 1, .code = 0x92)},

    /* Section 18: exact lengths. */
    {.name = "TB-4 PUBACK RL 3 on 3.1.1", .version = MQW_V311, .hex = "40 03 00 01 00",
     .err = MQW_ERR_TRAILING, .offset = 4, .rule = "TB-4"},
    {.name = "TB-4 PUBREL RL 3 on 3.1", .version = MQW_V31, .hex = "62 03 00 01 00",
     .err = MQW_ERR_TRAILING, .offset = 4, .rule = "TB-4"},
    {.name = "TB-5 PUBACK byte after the properties", .version = MQW_V5,
     .hex = "40 05 00 01 00 00 FF", .err = MQW_ERR_TRAILING, .offset = 6, .rule = "TB-5"},

    /* Sections 2, 3, 15: the property block of an ack. */
    {.name = "RL-6 PUBACK Property Length 0 in two bytes", .version = MQW_V5,
     .hex = "40 05 00 01 00 80 00", .err = MQW_ERR_VARINT, .offset = 6, .rule = "RL-6"},
    {.name = "RL-7 PUBACK Property Length past RL", .version = MQW_V5, .hex = "40 04 00 01 00 05",
     .err = MQW_ERR_SHORT, .offset = 5, .rule = "RL-7"},
    {.name = "STR-15 Reason String not UTF-8 in PUBACK", .version = MQW_V5,
     .hex = "40 08 00 01 00 04 1F 00 01 FF", .err = MQW_ERR_UTF8, .offset = 9,
     .rule = "STR-15"},
    {.name = "STR-16 User Property name not UTF-8 in PUBACK", .version = MQW_V5,
     .hex = "40 0A 00 01 00 06 26 00 01 FF 00 00", .err = MQW_ERR_UTF8, .offset = 9,
     .rule = "STR-16"},
    {.name = "PR-1 unknown property identifier 0x04 in PUBACK", .version = MQW_V5,
     .hex = "40 06 00 01 00 02 04 00", .err = MQW_ERR_PROPERTY_ID, .offset = 6, .rule = "PR-1"},
    {.name = "PR-3 Reason String length past the Property Length", .version = MQW_V5,
     .hex = "40 08 00 01 00 04 1F 00 05 61", .err = MQW_ERR_SHORT, .offset = 7, .rule = "PR-3"},
    {.name = "PR-4 Reason String straddles the Property Length", .version = MQW_V5,
     .hex = "40 08 00 01 00 03 1F 00 01 61", .err = MQW_ERR_SHORT, .offset = 7, .rule = "PR-4"},
    {.name = "PR-6 PUBACK User Property repeated with the same name, order kept",
     .version = MQW_V5,
     .hex = "40 12 00 01 00"
            " 0E"                   /* Property Length 14 */
            " 26 00 01 6B 00 01 31" /* User Property "k" = "1" */
            " 26 00 01 6B 00 01 32", /* User Property "k" = "2" */
     .pkt = ACK(MQW_PUBACK, .packet_id = 1, .props = PROPS(P_PAIR("k", "1"), P_PAIR("k", "2")))},
};
/* clang-format on */

/* ---- builder refusals ------------------------------------------------------ */

/* clang-format off */
static const bvec publish_bvecs[] = {
    {.name = "FH-17 refuse QoS 3", .version = MQW_V311,
     .pkt = PUB(.qos = 3, .packet_id = 1, .topic = S("a")), .err = MQW_ERR_QOS,
     .rule = "FH-17"},
    {.name = "FH-17 refuse QoS 3 (3.1)", .version = MQW_V31,
     .pkt = PUB(.qos = 3, .packet_id = 1, .topic = S("a")), .err = MQW_ERR_QOS,
     .rule = "FH-17"},
    {.name = "FH-17 refuse QoS 3 (5.0)", .version = MQW_V5,
     .pkt = PUB(.qos = 3, .packet_id = 1, .topic = S("a")), .err = MQW_ERR_QOS,
     .rule = "FH-17"},
    {.name = "FH-18 refuse DUP on QoS 0", .version = MQW_V311,
     .pkt = PUB(.dup = true, .topic = S("a")), .err = MQW_ERR_FLAGS, .rule = "FH-18"},
    {.name = "FH-18 refuse DUP on QoS 0 even with MQW_LENIENT_DUP_QOS0", .version = MQW_V5,
     .flags = MQW_LENIENT_DUP_QOS0, .pkt = PUB(.dup = true, .topic = S("a")),
     .err = MQW_ERR_FLAGS, .rule = "FH-18"},
    {.name = "PID-1 refuse QoS 1 with PI 0", .version = MQW_V31, .pkt = PUB(.qos = 1, .topic = S("a")),
     .err = MQW_ERR_PACKET_ID, .rule = "PID-1"},
    {.name = "PID-1 refuse QoS 2 with PI 0", .version = MQW_V5, .pkt = PUB(.qos = 2, .topic = S("a")),
     .err = MQW_ERR_PACKET_ID, .rule = "PID-1"},
    {.name = "PID-1 refuse QoS 1 with PI 0 (3.1.1)", .version = MQW_V311,
     .pkt = PUB(.qos = 1, .topic = S("a")), .err = MQW_ERR_PACKET_ID, .rule = "PID-1"},
    {.name = "PID-4 refuse a PI on QoS 0", .version = MQW_V311,
     .pkt = PUB(.packet_id = 5, .topic = S("a")), .err = MQW_ERR_ARG, .rule = "PID-4"},
    {.name = "STR-1 refuse a Topic Name with a bad continuation byte", .version = MQW_V311,
     .pkt = PUB(.topic = S("\xC3\x28")), .err = MQW_ERR_UTF8, .rule = "STR-1"},
    {.name = "STR-2 refuse a Topic Name with a surrogate", .version = MQW_V5,
     .pkt = PUB(.topic = S("\xED\xA0\x80")), .err = MQW_ERR_UTF8, .rule = "STR-2"},
    {.name = "STR-3 refuse a Topic Name with an overlong encoding", .version = MQW_V31,
     .pkt = PUB(.topic = S("\xC0\xAF")), .err = MQW_ERR_UTF8, .rule = "STR-3"},
    {.name = "STR-4 refuse a Topic Name above U+10FFFF", .version = MQW_V311,
     .pkt = PUB(.topic = S("\xF4\x90\x80\x80")), .err = MQW_ERR_UTF8, .rule = "STR-4"},
    {.name = "STR-5 refuse a Topic Name with a cut sequence", .version = MQW_V311,
     .pkt = PUB(.topic = S("\xE2")), .err = MQW_ERR_UTF8, .rule = "STR-5"},
    {.name = "STR-6 refuse a Topic Name with U+0000", .version = MQW_V5,
     .pkt = PUB(.topic = S("a\0b")), .err = MQW_ERR_UTF8, .rule = "STR-6"},
    {.name = "STR-8 MQW_STRICT_UTF8 refuses a control character", .version = MQW_V311,
     .flags = MQW_STRICT_UTF8, .pkt = PUB(.topic = S("a\x01")), .err = MQW_ERR_UTF8,
     .rule = "STR-8"},
    {.name = "STR-10 refuse a Topic Name over 65,535 bytes", .version = MQW_V311,
     .pkt = PUB(.topic = {topic_65536, sizeof topic_65536}), .err = MQW_ERR_ARG,
     .rule = "STR-10"},
    {.name = "STR-10 refuse a NULL Topic Name with a length", .version = MQW_V311,
     .pkt = PUB(.topic = {NULL, 1}), .err = MQW_ERR_ARG},
    {.name = "STR-15 refuse a Content Type that is not UTF-8", .version = MQW_V5,
     .pkt = PUB(.topic = S("a"), .props = PROPS(P_STR(MQW_PROP_CONTENT_TYPE, "\xFF"))),
     .err = MQW_ERR_UTF8, .rule = "STR-15"},
    {.name = "STR-16 refuse a User Property name that is not UTF-8", .version = MQW_V5,
     .pkt = PUB(.topic = S("a"), .props = PROPS(P_PAIR("\xFF", "v"))), .err = MQW_ERR_UTF8,
     .rule = "STR-16"},
    {.name = "PUB-2 refuse a Topic Name with '+'", .version = MQW_V311,
     .pkt = PUB(.topic = S("a+b")), .err = MQW_ERR_TOPIC_NAME, .rule = "PUB-2"},
    {.name = "PUB-3 refuse a Topic Name with '#'", .version = MQW_V5,
     .pkt = PUB(.topic = S("a/#")), .err = MQW_ERR_TOPIC_NAME, .rule = "PUB-3"},
    {.name = "PUB-4 refuse an empty Topic Name (3.1)", .version = MQW_V31,
     .pkt = PUB(.topic = S("")), .err = MQW_ERR_TOPIC_NAME, .rule = "PUB-4"},
    {.name = "PUB-4 refuse an empty Topic Name (3.1.1)", .version = MQW_V311,
     .pkt = PUB(.qos = 1, .packet_id = 1), .err = MQW_ERR_TOPIC_NAME, .rule = "PUB-4"},
    {.name = "PUB-5 refuse an empty Topic Name without Topic Alias", .version = MQW_V5,
     .pkt = PUB(.topic = S(""), .props = PROPS(P_NUM(MQW_PROP_PAYLOAD_FORMAT_INDICATOR, 1))),
     .err = MQW_ERR_PROTOCOL, .rule = "PUB-5"},
    {.name = "PUB-7 refuse Topic Alias 0", .version = MQW_V5,
     .pkt = PUB(.topic = S("a"), .props = PROPS(P_NUM(MQW_PROP_TOPIC_ALIAS, 0))),
     .err = MQW_ERR_TOPIC_ALIAS, .rule = "PUB-7"},
    {.name = "PUB-10 refuse a Subscription Identifier sent by a client", .version = MQW_V5,
     .role = MQW_ROLE_CLIENT,
     .pkt = PUB(.topic = S("a"), .props = PROPS(P_NUM(MQW_PROP_SUBSCRIPTION_IDENTIFIER, 1))),
     .err = MQW_ERR_PROPERTY_NOT_ALLOWED, .rule = "PUB-10"},
    {.name = "PUB-12 refuse a Response Topic with a wildcard", .version = MQW_V5,
     .pkt = PUB(.topic = S("a"), .props = PROPS(P_STR(MQW_PROP_RESPONSE_TOPIC, "r/+"))),
     .err = MQW_ERR_PROPERTY_VALUE, .rule = "PUB-12"},
    {.name = "PUB-13 refuse an empty Response Topic", .version = MQW_V5,
     .pkt = PUB(.topic = S("a"), .props = PROPS(P_STR(MQW_PROP_RESPONSE_TOPIC, ""))),
     .err = MQW_ERR_PROPERTY_VALUE, .rule = "PUB-13"},
    {.name = "PR-1 refuse an unknown property identifier", .version = MQW_V5,
     .pkt = PUB(.topic = S("a"), .props = PROPS(P_NUM(0x04, 0))), .err = MQW_ERR_PROPERTY_ID,
     .rule = "PR-1"},
    {.name = "PR-5 refuse Message Expiry Interval twice", .version = MQW_V5,
     .pkt = PUB(.topic = S("a"), .props = PROPS(P_NUM(MQW_PROP_MESSAGE_EXPIRY_INTERVAL, 1),
                                                P_NUM(MQW_PROP_MESSAGE_EXPIRY_INTERVAL, 2))),
     .err = MQW_ERR_PROPERTY_DUPLICATE, .rule = "PR-5"},
    {.name = "PR-12 refuse a Reason String in PUBLISH", .version = MQW_V5,
     .pkt = PUB(.topic = S("a"), .props = PROPS(P_STR(MQW_PROP_REASON_STRING, "x"))),
     .err = MQW_ERR_PROPERTY_NOT_ALLOWED, .rule = "PR-12"},
    {.name = "PR-27 refuse Payload Format Indicator 2", .version = MQW_V5,
     .pkt = PUB(.topic = S("a"), .props = PROPS(P_NUM(MQW_PROP_PAYLOAD_FORMAT_INDICATOR, 2))),
     .err = MQW_ERR_PROPERTY_VALUE, .rule = "PR-27"},
    {.name = "PR-27 MQW_STRICT_PAYLOAD_UTF8 refuses a payload marked UTF-8 that is not",
     .version = MQW_V5, .flags = MQW_STRICT_PAYLOAD_UTF8,
     .pkt = PUB(.topic = S("a"), .props = PROPS(P_NUM(MQW_PROP_PAYLOAD_FORMAT_INDICATOR, 1)),
                .payload = S("ok\xFF")),
     .err = MQW_ERR_PAYLOAD_UTF8},
    {.name = "31-16 refuse properties on 3.1", .version = MQW_V31,
     .pkt = PUB(.topic = S("a"), .props = PROPS(P_NUM(MQW_PROP_PAYLOAD_FORMAT_INDICATOR, 1))),
     .err = MQW_ERR_ARG, .rule = "31-16"},
    {.name = "refuse properties on 3.1.1 (raw block)", .version = MQW_V311,
     .pkt = PUB(.topic = S("a"), .props = {.raw = S("\x01\x01"), .n = 1}), .err = MQW_ERR_ARG},
    {.name = "RL-1 refuse a payload longer than any Remaining Length", .version = MQW_V311,
     .pkt = PUB(.topic = S("a"), .payload = {payload_aa128, MQW_VARINT_MAX + 1ul}),
     .err = MQW_ERR_TOO_LARGE, .rule = "RL-1"},
    /* Remaining Length one over the maximum: 3 bytes of Topic Name (5.0: and
     * 1 of Property Length) plus the payload. */
    {.name = "RL-1 refuse a Remaining Length of 268,435,456 (3.1)", .version = MQW_V31,
     .pkt = PUB(.topic = S("a"), .payload = {payload_aa128, MQW_VARINT_MAX - 2ul}),
     .err = MQW_ERR_TOO_LARGE, .rule = "RL-1"},
    {.name = "RL-1 refuse a Remaining Length of 268,435,456 (5.0)", .version = MQW_V5,
     .pkt = PUB(.topic = S("a"), .payload = {payload_aa128, MQW_VARINT_MAX - 3ul}),
     .err = MQW_ERR_TOO_LARGE, .rule = "RL-1"},
    {.name = "refuse a NULL payload with a length", .version = MQW_V311,
     .pkt = PUB(.topic = S("a"), .payload = {NULL, 3}), .err = MQW_ERR_ARG},
    {.name = "refuse a PUBLISH over the peer's Maximum Packet Size", .version = MQW_V5,
     .max_packet_size = 7, .pkt = PUB(.topic = S("a"), .payload = S("xyz")),
     .err = MQW_ERR_TOO_LARGE},
    {.name = "refuse an unknown version", .version = 6, .pkt = PUB(.topic = S("a")),
     .err = MQW_ERR_ARG},
};
/* clang-format on */

/* clang-format off */
static const bvec ack_bvecs[] = {
    {.name = "31-12 refuse DUP on a 3.1 PUBACK", .version = MQW_V31,
     .pkt = ACK(MQW_PUBACK, .dup = true, .packet_id = 1), .err = MQW_ERR_ARG, .rule = "31-12"},
    {.name = "31-12 FH-5 refuse DUP on a 3.1.1 PUBREL", .version = MQW_V311,
     .pkt = ACK(MQW_PUBREL, .dup = true, .packet_id = 1), .err = MQW_ERR_ARG, .rule = "31-12"},
    {.name = "31-12 FH-5 refuse DUP on a 5.0 PUBREL", .version = MQW_V5,
     .pkt = ACK(MQW_PUBREL, .dup = true, .packet_id = 1), .err = MQW_ERR_ARG, .rule = "31-12"},
    {.name = "PID-5 refuse PUBREL with PI 0 (3.1)", .version = MQW_V31,
     .pkt = ACK(MQW_PUBREL, .packet_id = 0), .err = MQW_ERR_PACKET_ID, .rule = "PID-5"},
    {.name = "PID-5 refuse PUBACK with PI 0 (5.0)", .version = MQW_V5,
     .pkt = ACK(MQW_PUBACK, .packet_id = 0), .err = MQW_ERR_PACKET_ID, .rule = "PID-5"},
    {.name = "PID-5 refuse PUBREC with PI 0 (3.1.1)", .version = MQW_V311,
     .pkt = ACK(MQW_PUBREC, .packet_id = 0), .err = MQW_ERR_PACKET_ID, .rule = "PID-5"},
    {.name = "PID-5 refuse PI 0 even with MQW_LENIENT_ACK_ID", .version = MQW_V311,
     .flags = MQW_LENIENT_ACK_ID, .pkt = ACK(MQW_PUBCOMP, .packet_id = 0),
     .err = MQW_ERR_PACKET_ID, .rule = "PID-5"},
    {.name = "TB-4 31-16 refuse a reason code on 3.1", .version = MQW_V31,
     .pkt = ACK(MQW_PUBACK, .packet_id = 1, .code = 0x10), .err = MQW_ERR_ARG, .rule = "31-16"},
    {.name = "TB-4 refuse a reason code on 3.1.1", .version = MQW_V311,
     .pkt = ACK(MQW_PUBREC, .packet_id = 1, .code = 0x80), .err = MQW_ERR_ARG},
    {.name = "TB-4 refuse properties on 3.1.1", .version = MQW_V311,
     .pkt = ACK(MQW_PUBACK, .packet_id = 1, .props = PROPS(P_STR(MQW_PROP_REASON_STRING, "x"))),
     .err = MQW_ERR_ARG},
    {.name = "RC-1 refuse PUBACK 0x92", .version = MQW_V5,
     .pkt = ACK(MQW_PUBACK, .packet_id = 1, .code = 0x92), .err = MQW_ERR_REASON_CODE,
     .rule = "RC-1"},
    {.name = "RC-2 refuse PUBREC 0x04", .version = MQW_V5,
     .pkt = ACK(MQW_PUBREC, .packet_id = 1, .code = 0x04), .err = MQW_ERR_REASON_CODE,
     .rule = "RC-2"},
    {.name = "RC-3 refuse PUBREL 0x10", .version = MQW_V5,
     .pkt = ACK(MQW_PUBREL, .packet_id = 1, .code = 0x10), .err = MQW_ERR_REASON_CODE,
     .rule = "RC-3"},
    {.name = "RC-4 refuse PUBCOMP 0x80", .version = MQW_V5,
     .pkt = ACK(MQW_PUBCOMP, .packet_id = 1, .code = 0x80), .err = MQW_ERR_REASON_CODE,
     .rule = "RC-4"},
    {.name = "ACK-6 refuse Session Expiry Interval in PUBACK", .version = MQW_V5,
     .pkt = ACK(MQW_PUBACK, .packet_id = 1,
                .props = PROPS(P_NUM(MQW_PROP_SESSION_EXPIRY_INTERVAL, 1))),
     .err = MQW_ERR_PROPERTY_NOT_ALLOWED, .rule = "ACK-6"},
    {.name = "PR-5 refuse a Reason String twice in PUBREC", .version = MQW_V5,
     .pkt = ACK(MQW_PUBREC, .packet_id = 1, .code = 0x80,
                .props = PROPS(P_STR(MQW_PROP_REASON_STRING, "x"),
                               P_STR(MQW_PROP_REASON_STRING, "y"))),
     .err = MQW_ERR_PROPERTY_DUPLICATE, .rule = "PR-5"},
    {.name = "PR-1 refuse an unknown property in PUBCOMP", .version = MQW_V5,
     .pkt = ACK(MQW_PUBCOMP, .packet_id = 1, .props = PROPS(P_NUM(0x04, 1))),
     .err = MQW_ERR_PROPERTY_ID, .rule = "PR-1"},
    {.name = "PR-3 refuse a raw property block cut short", .version = MQW_V5,
     .pkt = ACK(MQW_PUBACK, .packet_id = 1, .props = {.raw = S("\x1F\x00\x05\x61"), .n = 1}),
     .err = MQW_ERR_SHORT},
    {.name = "STR-15 refuse a Reason String that is not UTF-8", .version = MQW_V5,
     .pkt = ACK(MQW_PUBACK, .packet_id = 1,
                .props = PROPS(P_STR(MQW_PROP_REASON_STRING, "\xC0\xAF"))),
     .err = MQW_ERR_UTF8, .rule = "STR-15"},
    {.name = "STR-16 refuse a User Property value that is not UTF-8", .version = MQW_V5,
     .pkt = ACK(MQW_PUBREL, .packet_id = 1, .props = PROPS(P_PAIR("k", "\xED\xA0\x80"))),
     .err = MQW_ERR_UTF8, .rule = "STR-16"},
    {.name = "TB-4 refuse a raw property block on 3.1.1", .version = MQW_V311,
     .pkt = ACK(MQW_PUBCOMP, .packet_id = 1, .props = {.raw = S("\x1F\x00\x00")}),
     .err = MQW_ERR_ARG},
    {.name = "refuse an ack for an unknown version", .version = 2,
     .pkt = ACK(MQW_PUBACK, .packet_id = 1), .err = MQW_ERR_ARG},
    {.name = "refuse an ack over the peer's Maximum Packet Size", .version = MQW_V311,
     .max_packet_size = 3, .pkt = ACK(MQW_PUBACK, .packet_id = 1), .err = MQW_ERR_TOO_LARGE},
};
/* clang-format on */

VEC_LOOP_TEST(test_publish_vec, publish_vecs)
VEC_LOOP_TEST(test_ack_vec, ack_vecs)
BVEC_LOOP_TEST(test_publish_bvec, publish_bvecs)
BVEC_LOOP_TEST(test_ack_bvec, ack_bvecs)

/* ---- mqw_publish_build_header ---------------------------------------------- */

typedef struct header_case {
    const char *name;
    int version;
    mqw_publish pub;
} header_case;

/* clang-format off */
static const header_case header_cases[] = {
    {"QoS 0 (3.1.1)", MQW_V311, {.topic = S("a/b"), .payload = S("hello")}},
    {"QoS 1 (3.1)", MQW_V31, {.qos = 1, .packet_id = 7, .topic = S("t"), .payload = S("xy")}},
    {"QoS 2 DUP RETAIN (3.1.1)",
     MQW_V311,
     {.qos = 2, .dup = true, .retain = true, .packet_id = 0xBEEF, .topic = S("a")}},
    {"QoS 1 with properties (5.0)",
     MQW_V5,
     {.qos = 1,
      .packet_id = 1,
      .topic = S("a"),
      .props = PROPS(P_NUM(MQW_PROP_PAYLOAD_FORMAT_INDICATOR, 1), P_PAIR("k", "v")),
      .payload = S("payload")}},
    {"QoS 0 with a Topic Alias and an empty Topic Name (5.0)",
     MQW_V5,
     {.topic = S(""), .props = PROPS(P_NUM(MQW_PROP_TOPIC_ALIAS, 3)), .payload = S("p")}},
    {"QoS 1, 128-byte payload: two-byte RL (3.1.1)",
     MQW_V311,
     {.qos = 1, .packet_id = 2, .topic = S("big"), .payload = {payload_aa128, 128}}},
};
/* clang-format on */

/* Header bytes followed by the payload are the full packet; the header's
 * own capacity sweep and size query; a NULL payload pointer is fine. */
START_TEST(test_build_header_matches_build)
{
    const header_case *hc = &header_cases[_i];
    uint8_t full[300], head[300];
    size_t full_len = 0, head_len = 0;
    mqw_diag diag;

    int rc = mqw_publish_build(full, sizeof full, &hc->pub, hc->version, NULL, &diag, &full_len);
    ck_assert_msg(rc == MQW_OK, "%s: build: %s", hc->name, mqw_strerror(rc));
    rc = mqw_publish_build_header(head, sizeof head, &hc->pub, hc->version, NULL, &diag, &head_len);
    ck_assert_msg(rc == MQW_OK, "%s: build_header: %s", hc->name, mqw_strerror(rc));
    ck_assert_msg(head_len + hc->pub.payload.len == full_len,
                  "%s: header %zu + payload %zu != packet %zu", hc->name, head_len,
                  hc->pub.payload.len, full_len);
    ck_assert_msg(memcmp(head, full, head_len) == 0, "%s: header bytes differ", hc->name);
    if (hc->pub.payload.len)
        ck_assert(memcmp(full + head_len, hc->pub.payload.ptr, hc->pub.payload.len) == 0);

    /* The header parses back with the payload behind it. */
    mqw_publish back;
    size_t used = 0;
    rc = mqw_publish_parse(full, full_len, &back, hc->version, NULL, &diag, &used);
    ck_assert_msg(rc == MQW_OK && used == full_len, "%s: parse back: %s", hc->name,
                  mqw_strerror(rc));

    /* Only the header is needed: the payload pointer may be NULL. */
    mqw_publish no_payload = hc->pub;
    no_payload.payload.ptr = NULL;
    uint8_t head2[300];
    size_t head2_len = 0;
    rc = mqw_publish_build_header(head2, sizeof head2, &no_payload, hc->version, NULL, NULL,
                                  &head2_len);
    ck_assert_msg(rc == MQW_OK && head2_len == head_len && memcmp(head2, head, head_len) == 0,
                  "%s: header with a NULL payload pointer differs", hc->name);
    /* ... but not for the full build (when there is a payload). */
    if (hc->pub.payload.len) {
        size_t len = 99;
        rc = mqw_publish_build(full, sizeof full, &no_payload, hc->version, NULL, NULL, &len);
        ck_assert_msg(rc == MQW_ERR_ARG && len == 0, "%s: full build with NULL payload: %s",
                      hc->name, mqw_strerror(rc));
    }

    /* Capacity sweep: nothing written at or past cap, the header's length. */
    unsigned long cases = 0;
    for (size_t cap = 0; cap < head_len; cap++) {
        uint8_t area[300];
        memset(area, 0xA5, sizeof area);
        size_t len = 0;
        rc = mqw_publish_build_header(area, cap, &hc->pub, hc->version, NULL, NULL, &len);
        ck_assert_msg(rc == MQW_ERR_NOSPACE && len == head_len,
                      "%s: cap %zu: %s, len %zu (want NOSPACE, %zu)", hc->name, cap,
                      mqw_strerror(rc), len, head_len);
        for (size_t i = cap; i < sizeof area; i++)
            ck_assert_msg(area[i] == 0xA5, "%s: cap %zu: byte %zu written", hc->name, cap, i);
        cases++;
    }
    size_t len = 0;
    rc = mqw_publish_build_header(NULL, 0, &hc->pub, hc->version, NULL, NULL, &len);
    ck_assert_msg(rc == MQW_ERR_NOSPACE && len == head_len, "%s: size query: %s, %zu", hc->name,
                  mqw_strerror(rc), len);
    cases++;
    ck_assert_msg(cases == head_len + 1, "%s: sweep ran %lu cases", hc->name, cases);
    test_counts.capacity_cases += cases;

    /* The peer's maximum counts the payload the header does not write. */
    mqw_limits lim = {(uint32_t)full_len - 1, 0, MQW_ROLE_ANY};
    rc = mqw_publish_build_header(head, sizeof head, &hc->pub, hc->version, &lim, &diag, &len);
    ck_assert_msg(rc == MQW_ERR_TOO_LARGE && len == 0, "%s: max %zu: %s", hc->name, full_len - 1,
                  mqw_strerror(rc));
    lim.max_packet_size = (uint32_t)full_len;
    rc = mqw_publish_build_header(head, sizeof head, &hc->pub, hc->version, &lim, &diag, &len);
    ck_assert_msg(rc == MQW_OK && len == head_len, "%s: max %zu: %s", hc->name, full_len,
                  mqw_strerror(rc));
}
END_TEST

/* The header-only builder refuses exactly what the full builder refuses,
 * and writes nothing then. */
START_TEST(test_build_header_refusals)
{
    const bvec *b = &publish_bvecs[_i];
    mqw_limits lim = {b->max_packet_size, b->flags, b->role};
    uint8_t area[64];
    memset(area, 0xA5, sizeof area);
    mqw_diag diag;
    size_t len = 99;
    int rc = mqw_publish_build_header(area, sizeof area, &b->pkt.u.publish, b->version, &lim, &diag,
                                      &len);
    /* A NULL payload with a length is the header builder's normal input
     * (it never reads the payload); only the full builder refuses it. */
    if (b->err == MQW_ERR_ARG && !b->pkt.u.publish.payload.ptr && b->pkt.u.publish.payload.len) {
        ck_assert_msg(rc == MQW_OK, "%s: header-only build: %s", b->name, mqw_strerror(rc));
        return;
    }
    ck_assert_msg(rc == b->err, "%s: header-only build returned %s, expected %s", b->name,
                  mqw_strerror(rc), mqw_strerror(b->err));
    ck_assert_msg(len == 0, "%s: *len = %zu after a refusal", b->name, len);
    if (b->rule)
        ck_assert_msg(diag.rule && strcmp(diag.rule, b->rule) == 0, "%s: rule %s", b->name,
                      diag.rule ? diag.rule : "NULL");
    for (size_t i = 0; i < sizeof area; i++)
        ck_assert_msg(area[i] == 0xA5, "%s: byte %zu written", b->name, i);
}
END_TEST

/* ---- what a table row cannot say ------------------------------------------- */

/* PID-5, C-6 with MQW_LENIENT_ACK_ID: the ack parses with PI 0, but no builder
 * ever writes PI 0, so the row cannot rebuild (hence not a table row). */
START_TEST(test_lenient_ack_id)
{
    static const uint8_t pubrel[] = {0x62, 0x02, 0x00, 0x00};
    static const uint8_t puback5[] = {0x40, 0x03, 0x00, 0x00, 0x10};
    mqw_limits lim = {0, MQW_LENIENT_ACK_ID, MQW_ROLE_ANY};
    mqw_ack ack;
    mqw_diag diag;
    size_t used = 0;

    int rc = mqw_ack_parse(pubrel, sizeof pubrel, &ack, MQW_V311, &lim, &diag, &used);
    ck_assert_msg(rc == MQW_OK, "PID-5 lenient PUBREL: %s", mqw_strerror(rc));
    ck_assert(used == 4 && ack.type == MQW_PUBREL && ack.packet_id == 0 && !ack.dup);

    rc = mqw_ack_parse(puback5, sizeof puback5, &ack, MQW_V5, &lim, &diag, &used);
    ck_assert_msg(rc == MQW_OK, "PID-5 lenient PUBACK 5.0: %s", mqw_strerror(rc));
    ck_assert(used == 5 && ack.type == MQW_PUBACK && ack.packet_id == 0 && ack.code == 0x10);

    uint8_t out[8];
    size_t len = 99;
    rc = mqw_ack_build(out, sizeof out, &ack, MQW_V5, &lim, &diag, &len);
    ck_assert_msg(rc == MQW_ERR_PACKET_ID && len == 0 && strcmp(diag.rule, "PID-5") == 0,
                  "PID-5 rebuild: %s", mqw_strerror(rc));
}
END_TEST

/* A payload error has no row (rule NULL); the vector table cannot assert a
 * NULL rule, so assert it here, with the 5.0 reason code (0x99). */
START_TEST(test_payload_utf8_diag)
{
    static const uint8_t pkt[] = {0x30, 0x07, 0x00, 0x01, 0x61, 0x02, 0x01, 0x01, 0xFF};
    mqw_limits lim = {0, MQW_STRICT_PAYLOAD_UTF8, MQW_ROLE_ANY};
    mqw_publish pub;
    mqw_diag diag;
    int rc = mqw_publish_parse(pkt, sizeof pkt, &pub, MQW_V5, &lim, &diag, NULL);
    ck_assert_int_eq(rc, MQW_ERR_PAYLOAD_UTF8);
    ck_assert_uint_eq(diag.offset, 8);
    ck_assert_ptr_eq(diag.rule, NULL);
    ck_assert_uint_eq(mqw_reason_code(rc), 0x99);
    /* On 3.1.1 there are no properties, so nothing marks the payload. */
    static const uint8_t v311[] = {0x30, 0x04, 0x00, 0x01, 0x61, 0xFF};
    rc = mqw_publish_parse(v311, sizeof v311, &pub, MQW_V311, &lim, &diag, NULL);
    ck_assert_int_eq(rc, MQW_OK);
}
END_TEST

/* C-15 with MQW_TRIM_TO_FIT: the Reason String goes first, then the User
 * Properties, and the ack falls back to its shortest form. */
START_TEST(test_ack_trim_to_fit)
{
    static const mqw_property props[] = {P_STR(MQW_PROP_REASON_STRING, "why"), P_PAIR("k", "v")};
    mqw_ack ack = {
        .type = MQW_PUBREC, .packet_id = 1, .code = 0x80, .props = {.list = props, .n = 2}};
    uint8_t out[64];
    size_t len = 0;
    mqw_diag diag;

    /* 50 11 00 01 80 0D 1F 00 03 77 68 79 26 00 01 6B 00 01 76: 19 bytes. */
    int rc = mqw_ack_build(out, sizeof out, &ack, MQW_V5, NULL, &diag, &len);
    ck_assert_int_eq(rc, MQW_OK);
    ck_assert_uint_eq(len, 19);
    ck_assert_uint_eq(diag.dropped, 0);

    mqw_limits lim = {18, MQW_TRIM_TO_FIT, MQW_ROLE_ANY};
    rc = mqw_ack_build(out, sizeof out, &ack, MQW_V5, &lim, &diag, &len);
    ck_assert_int_eq(rc, MQW_OK);
    static const uint8_t no_reason[] = {0x50, 0x0B, 0x00, 0x01, 0x80, 0x07, 0x26,
                                        0x00, 0x01, 0x6B, 0x00, 0x01, 0x76};
    ck_assert_uint_eq(len, sizeof no_reason);
    ck_assert(memcmp(out, no_reason, len) == 0);
    ck_assert_uint_eq(diag.dropped, MQW_DROPPED_REASON_STRING);

    lim.max_packet_size = 12;
    rc = mqw_ack_build(out, sizeof out, &ack, MQW_V5, &lim, &diag, &len);
    ck_assert_int_eq(rc, MQW_OK);
    static const uint8_t code_only[] = {0x50, 0x03, 0x00, 0x01, 0x80};
    ck_assert_uint_eq(len, sizeof code_only);
    ck_assert(memcmp(out, code_only, len) == 0);
    ck_assert_uint_eq(diag.dropped, MQW_DROPPED_REASON_STRING | MQW_DROPPED_USER_PROPERTY);

    /* Success with everything dropped is the 2-byte form (ACK-2). */
    ack.code = 0;
    lim.max_packet_size = 4;
    rc = mqw_ack_build(out, sizeof out, &ack, MQW_V5, &lim, &diag, &len);
    ck_assert_int_eq(rc, MQW_OK);
    static const uint8_t short_form[] = {0x50, 0x02, 0x00, 0x01};
    ck_assert_uint_eq(len, sizeof short_form);
    ck_assert(memcmp(out, short_form, len) == 0);

    /* Without the flag the maximum refuses instead. */
    lim.flags = 0;
    rc = mqw_ack_build(out, sizeof out, &ack, MQW_V5, &lim, &diag, &len);
    ck_assert_int_eq(rc, MQW_ERR_TOO_LARGE);
    ck_assert_uint_eq(len, 0);
}
END_TEST

/* STR-10: a Topic Name of exactly 65,535 bytes builds and parses; one
 * more byte is refused (table row). */
START_TEST(test_longest_topic)
{
    size_t tlen = MQW_STRING_MAX, total = 1 + 3 + 2 + tlen + 1;
    uint8_t *topic = malloc(tlen), *buf = malloc(total);
    ck_assert(topic && buf);
    memset(topic, 'a', tlen);
    mqw_publish pub = {.topic = {topic, tlen}, .payload = S("z")};
    size_t len = 0;
    int rc = mqw_publish_build(buf, total, &pub, MQW_V311, NULL, NULL, &len);
    ck_assert_int_eq(rc, MQW_OK);
    ck_assert_uint_eq(len, total);
    ck_assert(buf[1] == 0x82 && buf[2] == 0x80 && buf[3] == 0x04); /* RL 65,538 */
    mqw_publish back;
    size_t used = 0;
    rc = mqw_publish_parse(buf, total, &back, MQW_V311, NULL, NULL, &used);
    ck_assert_int_eq(rc, MQW_OK);
    ck_assert_uint_eq(used, total);
    ck_assert_uint_eq(back.topic.len, tlen);
    ck_assert(back.payload.len == 1 && back.payload.ptr[0] == 'z');
    free(topic);
    free(buf);
}
END_TEST

/* The fast paths' block checks of a topic (16-byte blocks, the last one
 * overlapping; 8-byte words; bytes), at every length from 1 to 70 with one
 * byte changed at the start, in the middle or at the end of the topic:
 * the verdict, its offset and the packet must be the full parser's, and a
 * rebuild must give the same bytes both ways. */
START_TEST(test_topic_blocks)
{
    static const uint8_t probes[] = {0x00, 0x01, 0x1F, 0x20, '#',  '+', ',',
                                     '/',  '~',  0x7F, 0x80, 0xC0, 0xFF};
    const mqw_limits full = {0, MQW_LENIENT_FILTERS, 0}; /* changes nothing for PUBLISH */
    uint8_t buf[128];
    for (size_t tlen = 1; tlen <= 70; tlen++) {
        size_t where[3] = {0, tlen / 2, tlen - 1};
        for (size_t k = 0; k < 3; k++) {
            for (size_t b = 0; b < sizeof probes; b++) {
                size_t total = 2 + 2 + tlen + 2 + 1;
                buf[0] = 0x32; /* QoS 1 */
                buf[1] = (uint8_t)(total - 2);
                buf[2] = 0;
                buf[3] = (uint8_t)tlen;
                memset(buf + 4, 'a', tlen);
                buf[4 + where[k]] = probes[b];
                buf[4 + tlen] = 0;
                buf[5 + tlen] = 9;
                buf[6 + tlen] = 'p';
                mqw_publish fast, slow;
                mqw_diag fd, sd;
                size_t fu = 0, su = 0;
                int frc = mqw_publish_parse(buf, total, &fast, MQW_V311, NULL, &fd, &fu);
                int src = mqw_publish_parse(buf, total, &slow, MQW_V311, &full, &sd, &su);
                ck_assert_msg(frc == src, "topic length %zu, byte %02X at %zu: %s vs %s", tlen,
                              probes[b], where[k], mqw_strerror(frc), mqw_strerror(src));
                uint8_t p = probes[b];
                bool bad = p == 0x00 || p == '#' || p == '+' || p >= 0x80;
                ck_assert_msg((frc != MQW_OK) == bad, "topic length %zu, byte %02X: %s", tlen, p,
                              mqw_strerror(frc));
                if (frc != MQW_OK) {
                    ck_assert_uint_eq(fd.offset, 4 + where[k]);
                    ck_assert_uint_eq(sd.offset, fd.offset);
                    ck_assert_str_eq(fd.rule, sd.rule);
                    continue;
                }
                ck_assert_uint_eq(fu, total);
                ck_assert_uint_eq(su, total);
                mqw_packet a = {.type = MQW_PUBLISH}, c = {.type = MQW_PUBLISH};
                a.u.publish = fast;
                c.u.publish = slow;
                check_packet_eq(&c, &a, MQW_V311, "fast and full parse");
                uint8_t fb[128], sb[128];
                size_t fl = 0, sl = 0;
                ck_assert_int_eq(mqw_publish_build(fb, sizeof fb, &fast, MQW_V311, NULL, NULL, &fl),
                                 MQW_OK);
                ck_assert_int_eq(
                    mqw_publish_build(sb, sizeof sb, &fast, MQW_V311, &full, NULL, &sl), MQW_OK);
                ck_assert(fl == total && sl == total);
                ck_assert(memcmp(fb, buf, total) == 0 && memcmp(sb, buf, total) == 0);
            }
        }
    }
}
END_TEST

/* Regression (review): with a Remaining Length of 0 or 1 the fast path
 * read the Topic Name length from the bytes after the packet. Those bytes
 * are claimed readable here but sit on a PROT_NONE page: any read faults. */
START_TEST(test_no_read_past_short_rl)
{
    static const uint8_t rl0[] = {0x30, 0x00}, rl1[] = {0x30, 0x01, 0x00};
    const uint8_t *packets[] = {rl0, rl1};
    size_t sizes[] = {sizeof rl0, sizeof rl1};
    for (size_t i = 0; i < 2; i++) {
        uint8_t *g = guard_alloc(packets[i], sizes[i]);
        mqw_publish out;
        mqw_diag diag;
        size_t used = 0;
        ck_assert_int_eq(mqw_publish_parse(g, sizes[i] + 8, &out, MQW_V311, NULL, &diag, &used),
                         MQW_ERR_SHORT);
        ck_assert_str_eq(diag.rule, "PUB-1");
        guard_free(g, sizes[i]);
    }
}
END_TEST

/* The fast builder's other answers: a size query, a header-only build of
 * a payload it is not given, 5.0 without properties, a 3-byte Remaining
 * Length, and a size limit just met and just missed. */
START_TEST(test_fast_build_edges)
{
    mqw_publish pub = {.qos = 1, .packet_id = 5, .topic = S("t/x"), .payload = S("hello")};
    size_t len = 0;
    ck_assert_int_eq(mqw_publish_build(NULL, 0, &pub, MQW_V311, NULL, NULL, &len), MQW_ERR_NOSPACE);
    ck_assert_uint_eq(len, 2 + 2 + 3 + 2 + 5);
    uint8_t out[64];
    mqw_publish no_bytes = pub;
    no_bytes.payload.ptr = NULL;
    ck_assert_int_eq(
        mqw_publish_build_header(out, sizeof out, &no_bytes, MQW_V311, NULL, NULL, &len), MQW_OK);
    ck_assert_uint_eq(len, 2 + 2 + 3 + 2);
    ck_assert_uint_eq(out[1], 2 + 3 + 2 + 5);
    ck_assert_int_eq(mqw_publish_build(out, sizeof out, &no_bytes, MQW_V311, NULL, NULL, &len),
                     MQW_ERR_ARG);

    ck_assert_int_eq(mqw_publish_build(out, sizeof out, &pub, MQW_V5, NULL, NULL, &len), MQW_OK);
    static const uint8_t v5[] = {0x32, 13, 0, 3, 't', '/', 'x', 0, 5, 0, 'h', 'e', 'l', 'l', 'o'};
    ck_assert_uint_eq(len, sizeof v5);
    ck_assert(memcmp(out, v5, sizeof v5) == 0);
    mqw_publish back;
    size_t used = 0;
    ck_assert_int_eq(mqw_publish_parse(out, len, &back, MQW_V5, NULL, NULL, &used), MQW_OK);
    ck_assert(back.props.raw.ptr == out + 10 && back.props.raw.len == 0);

    static uint8_t big_payload[20000], big[20010];
    mqw_publish large = {.topic = S("t"), .payload = {big_payload, sizeof big_payload}};
    ck_assert_int_eq(mqw_publish_build(big, sizeof big, &large, MQW_V311, NULL, NULL, &len),
                     MQW_OK);
    ck_assert_uint_eq(len, 1 + 3 + 3 + sizeof big_payload);
    ck_assert_int_eq(mqw_publish_parse(big, len, &back, MQW_V311, NULL, NULL, &used), MQW_OK);
    ck_assert_uint_eq(back.payload.len, sizeof big_payload);

    mqw_limits at = {2 + 2 + 3 + 2 + 5, 0, 0}, under = {2 + 2 + 3 + 2 + 4, 0, 0};
    ck_assert_int_eq(mqw_publish_build(out, sizeof out, &pub, MQW_V311, &at, NULL, &len), MQW_OK);
    ck_assert_int_eq(mqw_publish_parse(out, len, &back, MQW_V311, &at, NULL, &used), MQW_OK);
    ck_assert_int_eq(mqw_publish_build(out, sizeof out, &pub, MQW_V311, &under, NULL, &len),
                     MQW_ERR_TOO_LARGE);
    ck_assert_int_eq(mqw_publish_parse(out, 14, &back, MQW_V311, &under, NULL, &used),
                     MQW_ERR_TOO_LARGE);
}
END_TEST

/* The header-only builder on a packet over RL-1: refused like the full
 * build, into nothing and into a small buffer alike. */
static void expect_header_too_large(const char *what, const mqw_publish *pub)
{
    uint8_t area[64];
    memset(area, 0xA5, sizeof area);
    uint8_t *bufs[2] = {NULL, area};
    size_t caps[2] = {0, sizeof area};
    for (size_t i = 0; i < 2; i++) {
        mqw_diag diag;
        size_t len = 99;
        int rc = mqw_publish_build_header(bufs[i], caps[i], pub, MQW_V5, NULL, &diag, &len);
        ck_assert_msg(rc == MQW_ERR_TOO_LARGE && len == 0, "%s, header only, cap %zu: %s, len %zu",
                      what, caps[i], mqw_strerror(rc), len);
        ck_assert_str_eq(diag.rule, "RL-1");
    }
    for (size_t i = 0; i < sizeof area; i++)
        ck_assert_uint_eq(area[i], 0xA5);
}

/* RL-1 on the sum of the parts (regression, issue 12): a 5.0 property
 * list and a payload that each fit, together over 268,435,455 bytes. The
 * fast builder bounded the payload alone, so it answered MQW_OK with a
 * fourth Remaining Length byte of 0x80 or more (malformed), and mqw_size
 * agreed; the full builder refused. The payload bytes are never read: every
 * call is a size query or refused. */
START_TEST(test_publish_rl1_sum)
{
    size_t cap = 2100;
    mqw_property *props = calloc(cap, sizeof *props);
    ck_assert(props != NULL);
    static const uint8_t payload_byte = 'p';
    const size_t payload_len = ((size_t)1 << 27) - 1;
    mqw_packet pkt = {.type = MQW_PUBLISH};
    mqw_publish *pub = &pkt.u.publish;
    pub->topic = (mqw_bytes)S("t");
    pub->payload.ptr = &payload_byte;
    pub->payload.len = payload_len;

    /* The issue's reproducer: 2,047 User Properties of 65,535 + 65,535
     * bytes (RL 402,528,259). */
    pub->props.list = props;
    pub->props.n = user_props_of_size(props, cap, 2047 * (size_t)USER_PROP_MAX);
    ck_assert_uint_eq(pub->props.n, 2047);
    expect_header_too_large("2,047 User Properties and 2^27 - 1 payload bytes", pub);
    expect_rl1_verdict("2,047 User Properties and 2^27 - 1 payload bytes", &pkt, MQW_V5, true, 0);
    size_t len = 99;
    ck_assert_int_eq(mqw_size(&pkt, MQW_V5, NULL, &len), MQW_ERR_TOO_LARGE);
    ck_assert_uint_eq(len, 0);

    /* The largest block that fits beside that payload (topic 3, Property
     * Length 4: RL exactly 268,435,455), and one byte more. */
    size_t body = MQW_VARINT_MAX - 3 - 4 - payload_len;
    pub->props.n = user_props_of_size(props, cap, body);
    expect_rl1_verdict("RL 268,435,455", &pkt, MQW_V5, false, 1 + 4 + (size_t)MQW_VARINT_MAX);
    ck_assert_int_eq(mqw_publish_build_header(NULL, 0, pub, MQW_V5, NULL, NULL, &len),
                     MQW_ERR_NOSPACE);
    ck_assert_uint_eq(len, 1 + 4 + (size_t)MQW_VARINT_MAX - payload_len);
    pub->props.n = user_props_of_size(props, cap, body + 1);
    expect_header_too_large("RL 268,435,456", pub);
    expect_rl1_verdict("RL 268,435,456", &pkt, MQW_V5, true, 0);
    len = 99;
    ck_assert_int_eq(mqw_size(&pkt, MQW_V5, NULL, &len), MQW_ERR_TOO_LARGE);
    ck_assert_uint_eq(len, 0);

    /* The acks (audit): Packet Identifier, Reason Code and Property Length
     * beside a block that fits on its own. */
    for (size_t over = 0; over < 2; over++) {
        mqw_packet ack = {.type = MQW_PUBACK};
        ack.u.ack.packet_id = 1;
        ack.u.ack.code = 0x10;
        ack.u.ack.props.list = props;
        ack.u.ack.props.n = user_props_of_size(props, cap, RL_MAX - 2 - 1 - 4 + over);
        expect_rl1_verdict("5.0 PUBACK", &ack, MQW_V5, over, 1 + 4 + (size_t)RL_MAX);
    }
    free(props);
}
END_TEST

/* Direct calls: the per-kind functions check what mqw_parse/mqw_build
 * dispatch would have checked for them. */
/* Regressions (review): a NULL `out` or `buf` is an argument error, not a
 * crash; an incomplete packet of another type is named as such by the ack
 * parser, as by every other parser. */
START_TEST(test_argument_regressions)
{
    static const uint8_t pub[] = {0x30, 0x03, 0x00, 0x01, 0x61};
    static const uint8_t ack[] = {0x40, 0x02, 0x00, 0x01};
    static const uint8_t partial_publish[] = {0x30, 0x05, 0x00, 0x01};
    mqw_publish p;
    mqw_ack a;
    mqw_diag diag;
    ck_assert_int_eq(mqw_publish_parse(pub, sizeof pub, NULL, MQW_V311, NULL, &diag, NULL),
                     MQW_ERR_ARG);
    ck_assert_int_eq(mqw_ack_parse(ack, sizeof ack, NULL, MQW_V311, NULL, &diag, NULL),
                     MQW_ERR_ARG);
    ck_assert_int_eq(mqw_publish_parse(NULL, 5, &p, MQW_V311, NULL, &diag, NULL), MQW_ERR_ARG);
    ck_assert_int_eq(mqw_ack_parse(NULL, 4, &a, MQW_V311, NULL, &diag, NULL), MQW_ERR_ARG);
    size_t used = 0;
    ck_assert_int_eq(
        mqw_ack_parse(partial_publish, sizeof partial_publish, &a, MQW_V311, NULL, &diag, &used),
        MQW_ERR_PACKET_TYPE);
    ck_assert_uint_eq(diag.offset, 0);

    /* Regression (header review): the type is compared first, so another
     * type's bad first byte is not judged by that type's rules. */
    static const uint8_t qos3_publish[] = {0x36, 0x05, 0x00, 0x01, 0x61, 0x00, 0x01};
    static const uint8_t bad_subscribe[] = {0x80, 0x06, 0x00, 0x01, 0x00, 0x01, 0x61, 0x00};
    mqw_connack ca;
    mqw_limits client = {0, 0, MQW_ROLE_CLIENT};
    ck_assert_int_eq(
        mqw_connack_parse(qos3_publish, sizeof qos3_publish, &ca, MQW_V311, NULL, &diag, NULL),
        MQW_ERR_PACKET_TYPE);
    ck_assert_int_eq(
        mqw_ack_parse(bad_subscribe, sizeof bad_subscribe, &a, MQW_V311, &client, &diag, NULL),
        MQW_ERR_PACKET_TYPE);
    ck_assert_int_eq(
        mqw_publish_parse(bad_subscribe, sizeof bad_subscribe, &p, MQW_V311, &client, &diag, NULL),
        MQW_ERR_PACKET_TYPE);
}
END_TEST

START_TEST(test_direct_calls)
{
    static const uint8_t puback[] = {0x40, 0x02, 0x00, 0x01};
    static const uint8_t publish[] = {0x30, 0x03, 0x00, 0x01, 0x61};
    static const uint8_t subscribe[] = {0x82, 0x06, 0x00, 0x01, 0x00, 0x01, 0x61, 0x00};
    mqw_publish pub;
    mqw_ack ack;
    mqw_diag diag;
    uint8_t out[16];
    size_t len = 99;

    ck_assert_int_eq(mqw_publish_parse(puback, sizeof puback, &pub, MQW_V311, NULL, &diag, NULL),
                     MQW_ERR_PACKET_TYPE);
    ck_assert_int_eq(mqw_ack_parse(publish, sizeof publish, &ack, MQW_V311, NULL, &diag, NULL),
                     MQW_ERR_PACKET_TYPE);
    ck_assert_uint_eq(diag.offset, 0);
    ck_assert_int_eq(mqw_ack_parse(subscribe, sizeof subscribe, &ack, MQW_V311, NULL, &diag, NULL),
                     MQW_ERR_PACKET_TYPE);
    ck_assert_int_eq(mqw_ack_parse(puback, sizeof puback, &ack, 2, NULL, &diag, NULL), MQW_ERR_ARG);
    ck_assert_int_eq(mqw_publish_parse(publish, sizeof publish, &pub, 6, NULL, &diag, NULL),
                     MQW_ERR_ARG);
    /* Parsers need no diag and no used. */
    ck_assert_int_eq(mqw_publish_parse(publish, sizeof publish, &pub, MQW_V311, NULL, NULL, NULL),
                     MQW_OK);
    ck_assert_int_eq(mqw_ack_parse(puback, sizeof puback, &ack, MQW_V5, NULL, NULL, NULL), MQW_OK);

    /* An ack builder needs one of the four ack types. */
    mqw_ack bad = {.type = MQW_PUBLISH, .packet_id = 1};
    ck_assert_int_eq(mqw_ack_build(out, sizeof out, &bad, MQW_V311, NULL, &diag, &len),
                     MQW_ERR_ARG);
    ck_assert_uint_eq(len, 0);
    bad.type = 0;
    ck_assert_int_eq(mqw_ack_build(out, sizeof out, &bad, MQW_V5, NULL, NULL, NULL), MQW_ERR_ARG);
    bad.type = MQW_SUBSCRIBE;
    ck_assert_int_eq(mqw_ack_build(out, sizeof out, &bad, MQW_V5, NULL, NULL, NULL), MQW_ERR_ARG);
    len = 99;
    ck_assert_int_eq(mqw_ack_build(out, sizeof out, NULL, MQW_V5, NULL, &diag, &len), MQW_ERR_ARG);
    ck_assert_uint_eq(len, 0);
    len = 99;
    ck_assert_int_eq(mqw_publish_build(out, sizeof out, NULL, MQW_V5, NULL, &diag, &len),
                     MQW_ERR_ARG);
    ck_assert_uint_eq(len, 0);
    len = 99;
    ck_assert_int_eq(mqw_publish_build_header(out, sizeof out, NULL, MQW_V5, NULL, &diag, &len),
                     MQW_ERR_ARG);
    ck_assert_uint_eq(len, 0);

    /* The builders' own types are both-way: no role refuses them (FH-20). */
    mqw_limits client = {0, 0, MQW_ROLE_CLIENT}, server = {0, 0, MQW_ROLE_SERVER};
    mqw_ack ok = {.type = MQW_PUBREL, .packet_id = 1};
    mqw_publish p = {.topic = S("a")};
    ck_assert_int_eq(mqw_ack_build(out, sizeof out, &ok, MQW_V311, &client, NULL, &len), MQW_OK);
    ck_assert_int_eq(mqw_ack_build(out, sizeof out, &ok, MQW_V311, &server, NULL, &len), MQW_OK);
    ck_assert_int_eq(mqw_publish_build(out, sizeof out, &p, MQW_V311, &client, NULL, &len), MQW_OK);
    ck_assert_int_eq(mqw_publish_build(out, sizeof out, &p, MQW_V311, &server, NULL, &len), MQW_OK);
    /* A NULL len is allowed, on success and on a refusal from props.c. */
    ck_assert_int_eq(mqw_publish_build(out, sizeof out, &p, MQW_V311, NULL, NULL, NULL), MQW_OK);
    static const mqw_property reason[] = {P_STR(MQW_PROP_REASON_STRING, "x")};
    p.props.list = reason;
    p.props.n = 1;
    ck_assert_int_eq(mqw_publish_build(out, sizeof out, &p, MQW_V5, NULL, NULL, NULL),
                     MQW_ERR_PROPERTY_NOT_ALLOWED);
    static const mqw_property expiry[] = {P_NUM(MQW_PROP_SESSION_EXPIRY_INTERVAL, 1)};
    ok.props.list = expiry;
    ok.props.n = 1;
    ck_assert_int_eq(mqw_ack_build(out, sizeof out, &ok, MQW_V5, NULL, NULL, NULL),
                     MQW_ERR_PROPERTY_NOT_ALLOWED);

    /* C-13 on a header-only build without payload bytes: left to the caller. */
    static const mqw_property utf8[] = {P_NUM(MQW_PROP_PAYLOAD_FORMAT_INDICATOR, 1)};
    mqw_publish marked = {.topic = S("a"), .props = {.list = utf8, .n = 1}, .payload = {NULL, 10}};
    mqw_limits strict = {0, MQW_STRICT_PAYLOAD_UTF8, MQW_ROLE_ANY};
    ck_assert_int_eq(
        mqw_publish_build_header(out, sizeof out, &marked, MQW_V5, &strict, NULL, &len), MQW_OK);
    ck_assert_uint_eq(len, 8); /* 30 10 00 01 61 02 01 01: RL 16 counts the payload */
}
END_TEST

int main(void)
{
    Suite *s = suite_create("publish");
    TCase *tc;

    tc = tcase_create("publish vectors");
    tcase_add_loop_test(tc, test_publish_vec, 0, ARRAY_LEN(publish_vecs));
    suite_add_tcase(s, tc);

    tc = tcase_create("ack vectors");
    tcase_add_loop_test(tc, test_ack_vec, 0, ARRAY_LEN(ack_vecs));
    suite_add_tcase(s, tc);

    tc = tcase_create("publish refusals");
    tcase_add_loop_test(tc, test_publish_bvec, 0, ARRAY_LEN(publish_bvecs));
    suite_add_tcase(s, tc);

    tc = tcase_create("ack refusals");
    tcase_add_loop_test(tc, test_ack_bvec, 0, ARRAY_LEN(ack_bvecs));
    suite_add_tcase(s, tc);

    tc = tcase_create("header-only builder");
    tcase_add_loop_test(tc, test_build_header_matches_build, 0, ARRAY_LEN(header_cases));
    tcase_add_loop_test(tc, test_build_header_refusals, 0, ARRAY_LEN(publish_bvecs));
    suite_add_tcase(s, tc);

    tc = tcase_create("plain");
    tcase_add_test(tc, test_lenient_ack_id);
    tcase_add_test(tc, test_payload_utf8_diag);
    tcase_add_test(tc, test_ack_trim_to_fit);
    tcase_add_test(tc, test_longest_topic);
    tcase_add_test(tc, test_topic_blocks);
    tcase_add_test(tc, test_fast_build_edges);
    tcase_add_test(tc, test_no_read_past_short_rl);
    tcase_add_test(tc, test_direct_calls);
    tcase_add_test(tc, test_argument_regressions);
    tcase_add_test(tc, test_publish_rl1_sum);
    suite_add_tcase(s, tc);

    return suite_main(s);
}
