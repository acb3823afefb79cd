/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/*
 * Tests for lib/connect.c: CONNECT and CONNACK, parse and build, in 3.1,
 * 3.1.1 and 5.0 (docs/rules.md sections 5, 6, 7, the CONNECT/CONNACK rows of
 * 3, 16 and 18, and the 3.1 rows of 19).
 *
 * Every example of those rows is here, in each version its row names,
 * with the exact error, offset and rule; the rest are vectors for the
 * branches the examples do not reach. Offsets in the comments count from
 * the packet's first byte. "MQTT" = 4D 51 54 54, "MQIsdp" = 4D 51 49 73
 * 64 70.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Tables stay one row per packet with a comment per field; clang-format
 * would put every field on a line of its own. */
/* clang-format off */
#define PROPS(...)                                                                                \
    {.list = (const mqw_property[]){__VA_ARGS__},                                                 \
     .n = sizeof((const mqw_property[]){__VA_ARGS__}) / sizeof(mqw_property)}
#define NUM(id_, x) {.id = (id_), .v.num = (x)}
#define STR(id_, lit) {.id = (id_), .v.bytes = S(lit)}
#define PAIR(k, v_) {.id = MQW_PROP_USER_PROPERTY, .v.pair = {S(k), S(v_)}}
#define CONNECT(...) {.type = MQW_CONNECT, .u.connect = {__VA_ARGS__}}
#define CONNACK(...) {.type = MQW_CONNACK, .u.connack = {__VA_ARGS__}}

#define MQTT " 00 04 4D 51 54 54"
#define MQISDP " 00 06 4D 51 49 73 64 70"
/* clang-format on */

/* ---- CONNECT: byte vectors -------------------------------------------- */

/* clang-format off */
static const vec connect_vecs[] = {
    /* -- section 5: protocol name and level -- */
    {.name = "CN-1 C-7 3.1.1 protocol name \"MQTt\" (case matters)", .version = MQW_V311,
     .hex = "10 0D" " 00 04 4D 51 54 74" /* name, offset 2 */ " 04 02 00 3C 00 01 63",
     .err = MQW_ERR_PROTOCOL_NAME, .offset = 2, .rule = "CN-1",
     .pkt = CONNECT(.version = 4, .protocol_name = S("MQTt"))},
    {.name = "CN-1 5.0 protocol name \"MQTt\"", .version = MQW_V5,
     .hex = "10 0E 00 04 4D 51 54 74 05 02 00 3C 00 00 01 63",
     .err = MQW_ERR_PROTOCOL_NAME, .offset = 2, .rule = "CN-1",
     .pkt = CONNECT(.version = 5, .protocol_name = S("MQTt"))},
    {.name = "CN-1 lower-case \"mqtt\"", .version = MQW_V311,
     .hex = "10 0D 00 04 6D 71 74 74 04 02 00 3C 00 01 63",
     .err = MQW_ERR_PROTOCOL_NAME, .offset = 2, .rule = "CN-1",
     .pkt = CONNECT(.version = 4, .protocol_name = S("mqtt"))},
    {.name = "CN-1 empty protocol name", .version = MQW_V311,
     .hex = "10 09 00 00" /* name "" */ " 04 02 00 3C 00 01 63",
     .err = MQW_ERR_PROTOCOL_NAME, .offset = 2, .rule = "CN-1",
     .pkt = CONNECT(.version = 4, .protocol_name = S(""))},
    {.name = "CN-1 \"MQIsdp\" with the case of \"MQTT\" (\"MQISDP\")", .version = MQW_V31,
     .hex = "10 0F 00 06 4D 51 49 53 44 50 03 02 00 3C 00 01 63",
     .err = MQW_ERR_PROTOCOL_NAME, .offset = 2, .rule = "CN-1",
     .pkt = CONNECT(.version = 3, .protocol_name = S("MQISDP"))},
    {.name = "CN-2 C-8 \"MQTT\" with level 3", .version = MQW_V311,
     .hex = "10 0D" MQTT " 03" /* level, offset 8 */ " 02 00 3C 00 01 63",
     .err = MQW_ERR_PROTOCOL_VERSION, .offset = 8, .rule = "CN-2",
     .pkt = CONNECT(.version = 3, .protocol_name = S("MQTT"))},
    {.name = "CN-3 \"MQTT\" with level 6", .version = MQW_V311,
     .hex = "10 0D" MQTT " 06 02 00 3C 00 01 63",
     .err = MQW_ERR_PROTOCOL_VERSION, .offset = 8, .rule = "CN-3",
     .pkt = CONNECT(.version = 6, .protocol_name = S("MQTT"))},
    {.name = "CN-3 \"MQTT\" with level 0", .version = MQW_V311,
     .hex = "10 0D" MQTT " 00 02 00 3C 00 01 63",
     .err = MQW_ERR_PROTOCOL_VERSION, .offset = 8, .rule = "CN-3",
     .pkt = CONNECT(.version = 0, .protocol_name = S("MQTT"))},
    {.name = "CN-3 FH-1 the level is judged before the flag nibble", .version = MQW_V311,
     .hex = "11 0D" MQTT " 06 02 00 3C 00 01 63",
     .err = MQW_ERR_PROTOCOL_VERSION, .offset = 8, .rule = "CN-3",
     .pkt = CONNECT(.version = 6, .protocol_name = S("MQTT"))},
    {.name = "CN-3 CF-1 the level is judged before the Connect Flags", .version = MQW_V311,
     .hex = "10 0D" MQTT " 07 03 00 3C 00 01 63",
     .err = MQW_ERR_PROTOCOL_VERSION, .offset = 8, .rule = "CN-3",
     .pkt = CONNECT(.version = 7, .protocol_name = S("MQTT"))},
    {.name = "CN-4 \"MQIsdp\" with level 4", .version = MQW_V31,
     .hex = "10 0F" MQISDP " 04" /* level, offset 10 */ " 02 00 3C 00 01 63",
     .err = MQW_ERR_PROTOCOL_VERSION, .offset = 10, .rule = "CN-4",
     .pkt = CONNECT(.version = 4, .protocol_name = S("MQIsdp"))},
    {.name = "CN-4 \"MQIsdp\" with level 5", .version = MQW_V31,
     .hex = "10 0F" MQISDP " 05 02 00 3C 00 01 63",
     .err = MQW_ERR_PROTOCOL_VERSION, .offset = 10, .rule = "CN-4",
     .pkt = CONNECT(.version = 5, .protocol_name = S("MQIsdp"))},
    {.name = "CN-5 protocol name runs past the Remaining Length", .version = MQW_V311,
     .hex = "10 04 00 04 4D 51", .err = MQW_ERR_SHORT, .offset = 2, .rule = "CN-5"},
    {.name = "CN-5 Remaining Length 0", .version = MQW_V311,
     .hex = "10 00", .err = MQW_ERR_SHORT, .offset = 1, .rule = "CN-5"},
    {.name = "CN-5 half a name length", .version = MQW_V311,
     .hex = "10 01 00", .err = MQW_ERR_SHORT, .offset = 2, .rule = "CN-5"},
    {.name = "CN-5 ends before the protocol level", .version = MQW_V311,
     .hex = "10 06" MQTT, .err = MQW_ERR_SHORT, .offset = 1, .rule = "CN-5"},
    {.name = "CN-5 RL-3 incomplete CONNECT is need-more, not malformed", .version = MQW_V311,
     .hex = "10 0D 00 04 4D 51", .err = MQW_ERR_NEED_MORE},
    {.name = "CN-6 bridge bit (level 0x84) without MQW_ALLOW_BRIDGE", .version = MQW_V311,
     .hex = "10 0D" MQTT " 84 02 00 3C 00 01 63",
     .err = MQW_ERR_PROTOCOL_VERSION, .offset = 8, .rule = "CN-6",
     .pkt = CONNECT(.version = 4, .bridge = true, .protocol_name = S("MQTT"))},
    {.name = "CN-6 C-23 3.1.1 bridge accepted with MQW_ALLOW_BRIDGE", .version = MQW_V311,
     .flags = MQW_ALLOW_BRIDGE,
     .hex = "10 0D" MQTT " 84 02 00 3C 00 01 63",
     .pkt = CONNECT(.version = 4, .bridge = true, .clean_start = true, .keep_alive = 60,
                    .protocol_name = S("MQTT"), .client_id = S("c"))},
    {.name = "CN-6 3.1 bridge (\"MQIsdp\" level 0x83) with MQW_ALLOW_BRIDGE", .version = MQW_V31,
     .flags = MQW_ALLOW_BRIDGE,
     .hex = "10 0F" MQISDP " 83 02 00 3C 00 01 63",
     .pkt = CONNECT(.version = 3, .bridge = true, .clean_start = true, .keep_alive = 60,
                    .protocol_name = S("MQIsdp"), .client_id = S("c"))},
    {.name = "CN-6 3.1 bridge without MQW_ALLOW_BRIDGE", .version = MQW_V31,
     .hex = "10 0F" MQISDP " 83 02 00 3C 00 01 63",
     .err = MQW_ERR_PROTOCOL_VERSION, .offset = 10, .rule = "CN-6",
     .pkt = CONNECT(.version = 3, .bridge = true, .protocol_name = S("MQIsdp"))},
    {.name = "CN-6 no bridged 5.0 even with MQW_ALLOW_BRIDGE", .version = MQW_V5,
     .flags = MQW_ALLOW_BRIDGE,
     .hex = "10 0E" MQTT " 85 02 00 3C 00 00 01 63",
     .err = MQW_ERR_PROTOCOL_VERSION, .offset = 8, .rule = "CN-6",
     .pkt = CONNECT(.version = 5, .bridge = true, .protocol_name = S("MQTT"))},
    {.name = "CN-6 CN-2 bridged \"MQTT\" level 3 is still CN-2", .version = MQW_V311,
     .flags = MQW_ALLOW_BRIDGE,
     .hex = "10 0D" MQTT " 83 02 00 3C 00 01 63",
     .err = MQW_ERR_PROTOCOL_VERSION, .offset = 8, .rule = "CN-2",
     .pkt = CONNECT(.version = 3, .bridge = true, .protocol_name = S("MQTT"))},

    /* -- fixed header -- */
    {.name = "FH-1 3.1.1 CONNECT flag nibble 0001", .version = MQW_V311,
     .hex = "11 0D" MQTT " 04 02 00 3C 00 01 63",
     .err = MQW_ERR_FLAGS, .offset = 0, .rule = "FH-1"},
    {.name = "FH-1 5.0 CONNECT flag nibble 1111", .version = MQW_V5,
     .hex = "1F 0E" MQTT " 05 02 00 3C 00 00 01 63",
     .err = MQW_ERR_FLAGS, .offset = 0, .rule = "FH-1"},
    {.name = "31-14 3.1 CONNECT flag nibble is 'not used': ignored, rebuilt as 0",
     .version = MQW_V31,
     .hex = "11 0F" MQISDP " 03 02 00 3C 00 01 63",
     .pkt = CONNECT(.version = 3, .clean_start = true, .keep_alive = 60,
                    .protocol_name = S("MQIsdp"), .client_id = S("c")),
     .canon = "10 0F" MQISDP " 03 02 00 3C 00 01 63"},
    {.name = "31-14 C-19 3.1 CONNECT flag nibble with MQW_STRICT_V31", .version = MQW_V31,
     .flags = MQW_STRICT_V31,
     .hex = "11 0F" MQISDP " 03 02 00 3C 00 01 63",
     .err = MQW_ERR_FLAGS, .offset = 0, .rule = "31-14"},
    {.name = "RL-2 3.1.1 padded Remaining Length with MQW_LENIENT_VARINT, rebuilt minimal",
     .version = MQW_V311, .flags = MQW_LENIENT_VARINT,
     .hex = "10 8D 00" MQTT " 04 02 00 3C 00 01 63",
     .pkt = CONNECT(.version = 4, .clean_start = true, .keep_alive = 60, .client_id = S("c")),
     .canon = "10 0D" MQTT " 04 02 00 3C 00 01 63"},
    {.name = "RL-2 5.0 CONNECT may not pad its Remaining Length, even with MQW_LENIENT_VARINT",
     .version = MQW_V5, .flags = MQW_LENIENT_VARINT,
     .hex = "10 8E 00" /* padding byte, offset 2 */ MQTT " 05 02 00 3C 00 00 01 63",
     .err = MQW_ERR_VARINT, .offset = 2, .rule = "RL-2"},
    {.name = "RL-2 5.0 padded Remaining Length by default (before the version is known)",
     .version = MQW_V5,
     .hex = "10 8E 00" MQTT " 05 02 00 3C 00 00 01 63",
     .err = MQW_ERR_VARINT, .offset = 2, .rule = "RL-2"},
    {.name = "FH-20 CONNECT received by a client", .version = MQW_V311, .role = MQW_ROLE_CLIENT,
     .hex = "10 0D" MQTT " 04 02 00 3C 00 01 63",
     .err = MQW_ERR_DIRECTION, .offset = 0, .rule = "FH-20"},
    {.name = "FH-20 CONNECT received by a server", .version = MQW_V311, .role = MQW_ROLE_SERVER,
     .hex = "10 0D" MQTT " 04 02 00 3C 00 01 63",
     .pkt = CONNECT(.version = 4, .clean_start = true, .keep_alive = 60, .client_id = S("c"))},
    {.name = "CONNECT over max_packet_size", .version = MQW_V311, .max_packet_size = 14,
     .hex = "10 0D" MQTT " 04 02 00 3C 00 01 63",
     .err = MQW_ERR_TOO_LARGE, .offset = 1},
    {.name = "CF-22 CONNECT at max_packet_size, followed by the next packet",
     .version = MQW_V311, .max_packet_size = 15,
     .hex = "10 0D" MQTT " 04 02 00 3C 00 01 63 | C0 00",
     .pkt = CONNECT(.version = 4, .clean_start = true, .keep_alive = 60, .client_id = S("c"))},

    /* -- section 6: Connect Flags -- */
    {.name = "CF-1 3.1.1 reserved Connect Flags bit 0", .version = MQW_V311,
     .hex = "10 0D" MQTT " 04 03" /* flags, offset 9 */ " 00 3C 00 01 63",
     .err = MQW_ERR_RESERVED, .offset = 9, .rule = "CF-1"},
    {.name = "CF-1 5.0 reserved Connect Flags bit 0", .version = MQW_V5,
     .hex = "10 0E" MQTT " 05 03 00 3C 00 00 01 63",
     .err = MQW_ERR_RESERVED, .offset = 9, .rule = "CF-1"},
    {.name = "CF-2 3.1.1 Will QoS 1 without Will Flag", .version = MQW_V311,
     .hex = "10 0D" MQTT " 04 0A 00 3C 00 01 63",
     .err = MQW_ERR_CONNECT_FLAGS, .offset = 9, .rule = "CF-2"},
    {.name = "CF-2 3.1.1 Will QoS 2 without Will Flag", .version = MQW_V311,
     .hex = "10 0D" MQTT " 04 12 00 3C 00 01 63",
     .err = MQW_ERR_CONNECT_FLAGS, .offset = 9, .rule = "CF-2"},
    {.name = "CF-2 5.0 Will QoS 1 without Will Flag", .version = MQW_V5,
     .hex = "10 0E" MQTT " 05 0A 00 3C 00 00 01 63",
     .err = MQW_ERR_CONNECT_FLAGS, .offset = 9, .rule = "CF-2"},
    {.name = "CF-3 3.1.1 Will Retain without Will Flag", .version = MQW_V311,
     .hex = "10 0D" MQTT " 04 22 00 3C 00 01 63",
     .err = MQW_ERR_CONNECT_FLAGS, .offset = 9, .rule = "CF-3"},
    {.name = "CF-3 5.0 Will Retain without Will Flag", .version = MQW_V5,
     .hex = "10 0E" MQTT " 05 22 00 3C 00 00 01 63",
     .err = MQW_ERR_CONNECT_FLAGS, .offset = 9, .rule = "CF-3"},
    {.name = "CF-4 3.1.1 Will QoS 3", .version = MQW_V311,
     .hex = "10 12" MQTT " 04 1E 00 3C 00 01 63 00 01 77 00 00",
     .err = MQW_ERR_QOS, .offset = 9, .rule = "CF-4"},
    {.name = "CF-4 5.0 Will QoS 3", .version = MQW_V5,
     .hex = "10 14" MQTT " 05 1E 00 3C 00 00 01 63 00 00 01 77 00 00",
     .err = MQW_ERR_QOS, .offset = 9, .rule = "CF-4"},
    {.name = "CF-4 3.1 Will QoS 3 (3.1*)", .version = MQW_V31,
     .hex = "10 14" MQISDP " 03 1E" /* flags, offset 11 */ " 00 3C 00 01 63 00 01 77 00 00",
     .err = MQW_ERR_QOS, .offset = 11, .rule = "CF-4"},
    {.name = "CF-5 3.1.1 Will Flag but nothing after the Client Identifier", .version = MQW_V311,
     .hex = "10 0D" MQTT " 04 06 00 3C 00 01 63",
     .err = MQW_ERR_SHORT, .offset = 1, .rule = "CF-5"},
    {.name = "CF-5 3.1 Will Flag but no Will Topic", .version = MQW_V31,
     .hex = "10 0F" MQISDP " 03 06 00 3C 00 01 63",
     .err = MQW_ERR_SHORT, .offset = 1, .rule = "CF-5"},
    {.name = "CF-5 CF-19 5.0 Will Flag but no Will Properties", .version = MQW_V5,
     .hex = "10 0E" MQTT " 05 06 00 3C 00 00 01 63",
     .err = MQW_ERR_SHORT, .offset = 1, .rule = "CF-19"},
    {.name = "CF-5 3.1.1 Will Topic but no Will Message", .version = MQW_V311,
     .hex = "10 10" MQTT " 04 06 00 3C 00 01 63 00 01 77",
     .err = MQW_ERR_SHORT, .offset = 1, .rule = "CF-5"},
    {.name = "CF-5 3.1.1 Will Message length runs past the Remaining Length",
     .version = MQW_V311,
     .hex = "10 13" MQTT " 04 06 00 3C 00 01 63 00 01 77 00 05 FF" /* offset 18 */,
     .err = MQW_ERR_SHORT, .offset = 18, .rule = "CF-5"},
    {.name = "CF-6 TB-1 3.1.1 Will fields without Will Flag are surplus", .version = MQW_V311,
     .hex = "10 12" MQTT " 04 02 00 3C 00 01 63 00 01 77 00 00" /* surplus at 15 */,
     .err = MQW_ERR_TRAILING, .offset = 15, .rule = "TB-1"},
    {.name = "CF-6 TB-1 5.0 Will fields without Will Flag are surplus", .version = MQW_V5,
     .hex = "10 13" MQTT " 05 02 00 3C 00 00 01 63 00 01 77 00 00",
     .err = MQW_ERR_TRAILING, .offset = 16, .rule = "TB-1"},
    {.name = "CF-7 3.1.1 User Name Flag but no User Name", .version = MQW_V311,
     .hex = "10 0D" MQTT " 04 82 00 3C 00 01 63",
     .err = MQW_ERR_SHORT, .offset = 1, .rule = "CF-7"},
    {.name = "CF-7 5.0 User Name Flag but no User Name", .version = MQW_V5,
     .hex = "10 0E" MQTT " 05 82 00 3C 00 00 01 63",
     .err = MQW_ERR_SHORT, .offset = 1, .rule = "CF-7"},
    {.name = "CF-7 3.1.1 User Name runs past the Remaining Length", .version = MQW_V311,
     .hex = "10 10" MQTT " 04 82 00 3C 00 01 63 00 03 75" /* offset 15 */,
     .err = MQW_ERR_SHORT, .offset = 15, .rule = "CF-7"},
    {.name = "CF-8 TB-1 3.1.1 User Name without its flag is surplus", .version = MQW_V311,
     .hex = "10 10" MQTT " 04 02 00 3C 00 01 63 00 01 75",
     .err = MQW_ERR_TRAILING, .offset = 15, .rule = "TB-1"},
    {.name = "CF-8 TB-1 5.0 User Name without its flag is surplus", .version = MQW_V5,
     .hex = "10 11" MQTT " 05 02 00 3C 00 00 01 63 00 01 75",
     .err = MQW_ERR_TRAILING, .offset = 16, .rule = "TB-1"},
    {.name = "CF-9 3.1.1 Password Flag but no Password", .version = MQW_V311,
     .hex = "10 10" MQTT " 04 C2 00 3C 00 01 63 00 01 75",
     .err = MQW_ERR_SHORT, .offset = 1, .rule = "CF-9"},
    {.name = "CF-9 5.0 Password Flag but no Password", .version = MQW_V5,
     .hex = "10 11" MQTT " 05 C2 00 3C 00 00 01 63 00 01 75",
     .err = MQW_ERR_SHORT, .offset = 1, .rule = "CF-9"},
    {.name = "CF-10 TB-1 3.1.1 Password without its flag is surplus", .version = MQW_V311,
     .hex = "10 13" MQTT " 04 82 00 3C 00 01 63 00 01 75 00 01 70",
     .err = MQW_ERR_TRAILING, .offset = 18, .rule = "TB-1"},
    {.name = "CF-10 TB-1 5.0 Password without its flag is surplus", .version = MQW_V5,
     .hex = "10 14" MQTT " 05 82 00 3C 00 00 01 63 00 01 75 00 01 70",
     .err = MQW_ERR_TRAILING, .offset = 19, .rule = "TB-1"},
    {.name = "CF-11 3.1.1 Password Flag without User Name Flag", .version = MQW_V311,
     .hex = "10 10" MQTT " 04 42 00 3C 00 01 63 00 01 70",
     .err = MQW_ERR_CONNECT_FLAGS, .offset = 9, .rule = "CF-11"},
    {.name = "CF-12 5.0 Password without User Name is legal", .version = MQW_V5,
     .hex = "10 11" MQTT " 05 42 00 3C 00 00 01 63 00 01 70",
     .pkt = CONNECT(.version = 5, .clean_start = true, .keep_alive = 60,
                    .protocol_name = S("MQTT"), .client_id = S("c"), .has_password = true,
                    .password = S("p"))},
    {.name = "CF-13 3.1.1 CONNECT ends after Keep Alive", .version = MQW_V311,
     .hex = "10 0A" MQTT " 04 02 00 3C", .err = MQW_ERR_SHORT, .offset = 1, .rule = "CF-13"},
    {.name = "CF-13 3.1 CONNECT ends after Keep Alive", .version = MQW_V31,
     .hex = "10 0C" MQISDP " 03 02 00 3C", .err = MQW_ERR_SHORT, .offset = 1, .rule = "CF-13"},
    {.name = "CF-13 5.0 CONNECT ends after the properties", .version = MQW_V5,
     .hex = "10 0B" MQTT " 05 02 00 3C 00", .err = MQW_ERR_SHORT, .offset = 1, .rule = "CF-13"},
    {.name = "CF-13 STR-9 Client Identifier runs past the Remaining Length", .version = MQW_V311,
     .hex = "10 0E" MQTT " 04 02 00 3C 00 05 61 62" /* length at 12 */,
     .err = MQW_ERR_SHORT, .offset = 12, .rule = "CF-13"},
    {.name = "RL-8 CONNECT ends before the Connect Flags", .version = MQW_V311,
     .hex = "10 07" MQTT " 04", .err = MQW_ERR_SHORT, .offset = 1, .rule = "RL-8"},
    {.name = "RL-8 CONNECT ends inside Keep Alive", .version = MQW_V311,
     .hex = "10 09" MQTT " 04 02 00", .err = MQW_ERR_SHORT, .offset = 10, .rule = "RL-8"},
    {.name = "CF-14 CF-22 3.1.1 every field, in order, Keep Alive 65535", .version = MQW_V311,
     .hex = "10 22" MQTT " 04"
            " EE"                   /* User Name, Password, Will Retain, Will QoS 1, Will, Clean */
            " FF FF"                /* Keep Alive */
            " 00 02 69 64"          /* Client Identifier "id" */
            " 00 03 77 2F 74"       /* Will Topic "w/t" */
            " 00 03 62 79 65"       /* Will Message "bye" */
            " 00 04 75 73 65 72"    /* User Name "user" */
            " 00 02 00 FF",         /* Password 00 FF */
     .pkt = CONNECT(.version = 4, .clean_start = true, .keep_alive = 0xFFFF,
                    .protocol_name = S("MQTT"), .client_id = S("id"), .will = true,
                    .will_qos = 1, .will_retain = true, .will_topic = S("w/t"),
                    .will_payload = S("bye"), .has_username = true, .username = S("user"),
                    .has_password = true, .password = S("\x00\xFF"))},
    {.name = "CF-14 5.0 every field and every CONNECT / Will property, in order",
     .version = MQW_V5,
     .hex = "10 5C" MQTT " 05"
            " D6"                   /* User Name, Password, Will QoS 2, Will, Clean Start */
            " 00 1E"                /* Keep Alive 30 */
            " 1B"                   /* Property Length 27 */
            " 11 00 00 00 0A"       /* Session Expiry Interval 10 */
            " 21 00 14"             /* Receive Maximum 20 */
            " 27 00 00 10 00"       /* Maximum Packet Size 4096 */
            " 22 00 05"             /* Topic Alias Maximum 5 */
            " 19 01"                /* Request Response Information 1 */
            " 17 00"                /* Request Problem Information 0 */
            " 26 00 01 6B 00 01 76" /* User Property k=v */
            " 00 02 63 35"          /* Client Identifier "c5" */
            " 25"                   /* Will Property Length 37 */
            " 18 00 00 00 05"       /* Will Delay Interval 5 */
            " 01 01"                /* Payload Format Indicator 1 */
            " 02 00 00 00 3C"       /* Message Expiry Interval 60 */
            " 03 00 04 74 65 78 74" /* Content Type "text" */
            " 08 00 03 72 2F 74"    /* Response Topic "r/t" */
            " 09 00 02 01 02"       /* Correlation Data 01 02 */
            " 26 00 01 61 00 01 62" /* User Property a=b */
            " 00 01 77"             /* Will Topic "w" */
            " 00 01 78"             /* Will Payload "x" */
            " 00 01 75"             /* User Name "u" */
            " 00 01 70",            /* Password "p" */
     .pkt = CONNECT(.version = 5, .clean_start = true, .keep_alive = 30,
                    .protocol_name = S("MQTT"),
                    .props = PROPS(NUM(MQW_PROP_SESSION_EXPIRY_INTERVAL, 10),
                                   NUM(MQW_PROP_RECEIVE_MAXIMUM, 20),
                                   NUM(MQW_PROP_MAXIMUM_PACKET_SIZE, 4096),
                                   NUM(MQW_PROP_TOPIC_ALIAS_MAXIMUM, 5),
                                   NUM(MQW_PROP_REQUEST_RESPONSE_INFORMATION, 1),
                                   NUM(MQW_PROP_REQUEST_PROBLEM_INFORMATION, 0), PAIR("k", "v")),
                    .client_id = S("c5"), .will = true, .will_qos = 2,
                    .will_props = PROPS(NUM(MQW_PROP_WILL_DELAY_INTERVAL, 5),
                                        NUM(MQW_PROP_PAYLOAD_FORMAT_INDICATOR, 1),
                                        NUM(MQW_PROP_MESSAGE_EXPIRY_INTERVAL, 60),
                                        STR(MQW_PROP_CONTENT_TYPE, "text"),
                                        STR(MQW_PROP_RESPONSE_TOPIC, "r/t"),
                                        STR(MQW_PROP_CORRELATION_DATA, "\x01\x02"),
                                        PAIR("a", "b")),
                    .will_topic = S("w"), .will_payload = S("x"), .has_username = true,
                    .username = S("u"), .has_password = true, .password = S("p"))},
    {.name = "CF-15 C-9 3.1.1 Client Identifier with '/', '#', '+', '$' and 25 bytes",
     .version = MQW_V311,
     .hex = "10 25" MQTT " 04 02 00 3C 00 19 73 65 6E 73 6F 72 2D 30 30 30 31 2F 72 6F 6F 6D 23"
            " 32 2B 65 78 74 72 61 24",
     .pkt = CONNECT(.version = 4, .clean_start = true, .keep_alive = 60,
                    .client_id = S("sensor-0001/room#2+extra$"))},
    {.name = "CF-15 5.0 Client Identifier with '/', '#', '+', '$' and 25 bytes",
     .version = MQW_V5,
     .hex = "10 26" MQTT " 05 02 00 3C 00 00 19 73 65 6E 73 6F 72 2D 30 30 30 31 2F 72 6F 6F 6D"
            " 23 32 2B 65 78 74 72 61 24",
     .pkt = CONNECT(.version = 5, .clean_start = true, .keep_alive = 60,
                    .client_id = S("sensor-0001/room#2+extra$"))},
    {.name = "CF-16 3.1.1 empty Client Identifier with Clean Session 0", .version = MQW_V311,
     .hex = "10 0C" MQTT " 04 00 00 3C 00 00" /* id length at 12 */,
     .err = MQW_ERR_CLIENT_ID, .offset = 12, .rule = "CF-16",
     .pkt = CONNECT(.version = 4, .keep_alive = 60, .protocol_name = S("MQTT"),
                    .client_id = S(""))},
    {.name = "CF-16 CF-17 3.1.1 empty Client Identifier with Clean Session 1", .version = MQW_V311,
     .hex = "10 0C" MQTT " 04 02 00 3C 00 00",
     .pkt = CONNECT(.version = 4, .clean_start = true, .keep_alive = 60, .client_id = S(""))},
    {.name = "CF-17 5.0 empty Client Identifier with Clean Start 0", .version = MQW_V5,
     .hex = "10 0D" MQTT " 05 00 00 3C 00 00 00",
     .pkt = CONNECT(.version = 5, .keep_alive = 60, .protocol_name = S("MQTT"),
                    .client_id = S(""))},
    {.name = "CF-18 CF-13 3.1.1-shaped CONNECT with level 5", .version = MQW_V5,
     .hex = "10 0D" MQTT " 05 02 00 3C 00" /* read as Property Length */
            " 01 63" /* read as id length 0x0163, offset 13 */,
     .err = MQW_ERR_SHORT, .offset = 13, .rule = "CF-13"},
    {.name = "CF-18 5.0 CONNECT ends before its Property Length", .version = MQW_V5,
     .hex = "10 0A" MQTT " 05 02 00 3C", .err = MQW_ERR_SHORT, .offset = 1, .rule = "CF-18"},
    {.name = "CF-18 RL-7 5.0 Property Length past the Remaining Length", .version = MQW_V5,
     .hex = "10 0E" MQTT " 05 02 00 3C 09" /* offset 12 */ " 00 01 63",
     .err = MQW_ERR_SHORT, .offset = 12, .rule = "RL-7"},
    {.name = "CF-19 CF-5 5.0 Will without Will Properties", .version = MQW_V5,
     .hex = "10 13" MQTT " 05 06 00 3C 00 00 01 63 00" /* read as Will Property Length */
            " 01 77" /* read as Will Topic length 0x0177, offset 17 */ " 00 00",
     .err = MQW_ERR_SHORT, .offset = 17, .rule = "CF-5"},
    {.name = "CF-20 3.1.1 '#' in the Will Topic", .version = MQW_V311,
     .hex = "10 14" MQTT " 04 06 00 3C 00 01 63 00 03 61 2F 23" /* '#' at 19 */ " 00 00",
     .err = MQW_ERR_TOPIC_NAME, .offset = 19, .rule = "CF-20"},
    {.name = "CF-20 3.1.1 '+' in the Will Topic", .version = MQW_V311,
     .hex = "10 14" MQTT " 04 06 00 3C 00 01 63 00 03 61 2B 62" /* '+' at 18 */ " 00 00",
     .err = MQW_ERR_TOPIC_NAME, .offset = 18, .rule = "CF-20"},
    {.name = "CF-20 5.0 '#' in the Will Topic", .version = MQW_V5,
     .hex = "10 16" MQTT " 05 06 00 3C 00 00 01 63 00 00 03 61 2F 23" /* '#' at 21 */ " 00 00",
     .err = MQW_ERR_TOPIC_NAME, .offset = 21, .rule = "CF-20"},
    {.name = "CF-20 3.1 '#' in the Will Topic (3.1*)", .version = MQW_V31,
     .hex = "10 16" MQISDP " 03 06 00 3C 00 01 63 00 03 61 2F 23" /* '#' at 21 */ " 00 00",
     .err = MQW_ERR_TOPIC_NAME, .offset = 21, .rule = "CF-20"},
    {.name = "CF-21 3.1.1 empty Will Topic", .version = MQW_V311,
     .hex = "10 11" MQTT " 04 06 00 3C 00 01 63 00 00" /* offset 15 */ " 00 00",
     .err = MQW_ERR_TOPIC_NAME, .offset = 15, .rule = "CF-21"},
    {.name = "CF-21 5.0 empty Will Topic", .version = MQW_V5,
     .hex = "10 13" MQTT " 05 06 00 3C 00 00 01 63 00 00 00" /* offset 17 */ " 00 00",
     .err = MQW_ERR_TOPIC_NAME, .offset = 17, .rule = "CF-21"},
    {.name = "CF-21 3.1 empty Will Topic (3.1*)", .version = MQW_V31,
     .hex = "10 13" MQISDP " 03 06 00 3C 00 01 63 00 00" /* offset 17 */ " 00 00",
     .err = MQW_ERR_TOPIC_NAME, .offset = 17, .rule = "CF-21"},
    {.name = "CF-22 Keep Alive 0", .version = MQW_V311,
     .hex = "10 0D" MQTT " 04 02 00 00 00 01 63",
     .pkt = CONNECT(.version = 4, .clean_start = true, .protocol_name = S("MQTT"),
                    .client_id = S("c"))},
    {.name = "CF-22 3.1 Keep Alive 0", .version = MQW_V31,
     .hex = "10 0F" MQISDP " 03 02 00 00 00 01 63",
     .pkt = CONNECT(.version = 3, .clean_start = true, .protocol_name = S("MQIsdp"),
                    .client_id = S("c"))},
    {.name = "CF-22 5.0 Keep Alive 0", .version = MQW_V5,
     .hex = "10 0E" MQTT " 05 02 00 00 00 00 01 63",
     .pkt = CONNECT(.version = 5, .clean_start = true, .protocol_name = S("MQTT"),
                    .client_id = S("c"))},
    {.name = "CF-23 5.0 Session Expiry Interval in the Will Properties", .version = MQW_V5,
     .hex = "10 19" MQTT " 05 06 00 3C 00 00 01 63 05 11" /* id at 17 */ " 00 00 00 0A"
            " 00 01 77 00 00",
     .err = MQW_ERR_PROPERTY_NOT_ALLOWED, .offset = 17, .rule = "CF-23"},
    {.name = "CF-4 STR-18 3.1.1 Will QoS 2, empty Will Message", .version = MQW_V311,
     .hex = "10 12" MQTT " 04 16 00 3C 00 01 63 00 01 77 00 00",
     .pkt = CONNECT(.version = 4, .clean_start = true, .keep_alive = 60, .client_id = S("c"),
                    .will = true, .will_qos = 2, .will_topic = S("w"),
                    .will_payload = S(""))},

    /* -- section 3: strings and binary data in CONNECT -- */
    {.name = "STR-11 3.1.1 Client Identifier FF", .version = MQW_V311,
     .hex = "10 0D" MQTT " 04 02 00 3C 00 01 FF" /* offset 14 */,
     .err = MQW_ERR_UTF8, .offset = 14, .rule = "STR-11"},
    {.name = "STR-11 5.0 Client Identifier FF", .version = MQW_V5,
     .hex = "10 0E" MQTT " 05 02 00 3C 00 00 01 FF" /* offset 15 */,
     .err = MQW_ERR_UTF8, .offset = 15, .rule = "STR-11"},
    {.name = "STR-11 3.1 Client Identifier FF (3.1*, C-4)", .version = MQW_V31,
     .hex = "10 0F" MQISDP " 03 02 00 3C 00 01 FF" /* offset 16 */,
     .err = MQW_ERR_UTF8, .offset = 16, .rule = "STR-11"},
    {.name = "STR-11 STR-6 U+0000 in the Client Identifier", .version = MQW_V311,
     .hex = "10 0E" MQTT " 04 02 00 3C 00 02 61 00" /* offset 15 */,
     .err = MQW_ERR_UTF8, .offset = 15, .rule = "STR-11"},
    {.name = "STR-11 STR-8 control character with MQW_STRICT_UTF8", .version = MQW_V311,
     .flags = MQW_STRICT_UTF8,
     .hex = "10 0D" MQTT " 04 02 00 3C 00 01 01",
     .err = MQW_ERR_UTF8, .offset = 14, .rule = "STR-11"},
    {.name = "STR-11 STR-8 control character accepted by default", .version = MQW_V311,
     .hex = "10 0D" MQTT " 04 02 00 3C 00 01 01",
     .pkt = CONNECT(.version = 4, .clean_start = true, .keep_alive = 60,
                    .client_id = S("\x01"))},
    {.name = "STR-12 3.1.1 Will Topic FF", .version = MQW_V311,
     .hex = "10 12" MQTT " 04 06 00 3C 00 01 63 00 01 FF" /* offset 17 */ " 00 00",
     .err = MQW_ERR_UTF8, .offset = 17, .rule = "STR-12"},
    {.name = "STR-12 5.0 Will Topic FF", .version = MQW_V5,
     .hex = "10 14" MQTT " 05 06 00 3C 00 00 01 63 00 00 01 FF" /* offset 19 */ " 00 00",
     .err = MQW_ERR_UTF8, .offset = 19, .rule = "STR-12"},
    {.name = "STR-12 3.1 Will Topic FF (3.1*, C-4)", .version = MQW_V31,
     .hex = "10 14" MQISDP " 03 06 00 3C 00 01 63 00 01 FF" /* offset 19 */ " 00 00",
     .err = MQW_ERR_UTF8, .offset = 19, .rule = "STR-12"},
    {.name = "STR-13 3.1.1 User Name FF", .version = MQW_V311,
     .hex = "10 10" MQTT " 04 82 00 3C 00 01 63 00 01 FF" /* offset 17 */,
     .err = MQW_ERR_UTF8, .offset = 17, .rule = "STR-13"},
    {.name = "STR-13 5.0 User Name FF", .version = MQW_V5,
     .hex = "10 11" MQTT " 05 82 00 3C 00 00 01 63 00 01 FF" /* offset 18 */,
     .err = MQW_ERR_UTF8, .offset = 18, .rule = "STR-13"},
    {.name = "STR-13 3.1 User Name FF (3.1*, C-4)", .version = MQW_V31,
     .hex = "10 12" MQISDP " 03 82 00 3C 00 01 63 00 01 FF" /* offset 19 */,
     .err = MQW_ERR_UTF8, .offset = 19, .rule = "STR-13"},
    {.name = "STR-17 3.1.1 Password is binary (FF)", .version = MQW_V311,
     .hex = "10 13" MQTT " 04 C2 00 3C 00 01 63 00 01 75 00 01 FF",
     .pkt = CONNECT(.version = 4, .clean_start = true, .keep_alive = 60, .client_id = S("c"),
                    .has_username = true, .username = S("u"), .has_password = true,
                    .password = S("\xFF"))},
    {.name = "STR-17 5.0 Password is binary (FF)", .version = MQW_V5,
     .hex = "10 14" MQTT " 05 C2 00 3C 00 00 01 63 00 01 75 00 01 FF",
     .pkt = CONNECT(.version = 5, .clean_start = true, .keep_alive = 60, .client_id = S("c"),
                    .has_username = true, .username = S("u"), .has_password = true,
                    .password = S("\xFF"))},
    {.name = "STR-18 3.1.1 Will Message is binary (FF FE)", .version = MQW_V311,
     .hex = "10 14" MQTT " 04 06 00 3C 00 01 63 00 01 77 00 02 FF FE",
     .pkt = CONNECT(.version = 4, .clean_start = true, .keep_alive = 60, .client_id = S("c"),
                    .will = true, .will_topic = S("w"), .will_payload = S("\xFF\xFE"))},
    {.name = "STR-18 5.0 Will Payload is binary (FF FE)", .version = MQW_V5,
     .hex = "10 16" MQTT " 05 06 00 3C 00 00 01 63 00 00 01 77 00 02 FF FE",
     .pkt = CONNECT(.version = 5, .clean_start = true, .keep_alive = 60, .client_id = S("c"),
                    .will = true, .will_topic = S("w"), .will_payload = S("\xFF\xFE"))},
    {.name = "STR-19 CF-9 3.1.1 Password length 5 with 1 byte present", .version = MQW_V311,
     .hex = "10 13" MQTT " 04 C2 00 3C 00 01 63 00 01 75 00 05" /* offset 18 */ " FF",
     .err = MQW_ERR_SHORT, .offset = 18, .rule = "CF-9"},
    {.name = "STR-19 CF-9 5.0 Password length 5 with 1 byte present", .version = MQW_V5,
     .hex = "10 14" MQTT " 05 C2 00 3C 00 00 01 63 00 01 75 00 05" /* offset 19 */ " FF",
     .err = MQW_ERR_SHORT, .offset = 19, .rule = "CF-9"},

    /* -- section 18 -- */
    {.name = "TB-1 3.1.1 one extra byte after the Client Identifier", .version = MQW_V311,
     .hex = "10 0E" MQTT " 04 02 00 3C 00 01 63 00" /* offset 15 */,
     .err = MQW_ERR_TRAILING, .offset = 15, .rule = "TB-1"},
    {.name = "TB-1 5.0 one extra byte after the Client Identifier", .version = MQW_V5,
     .hex = "10 0F" MQTT " 05 02 00 3C 00 00 01 63 00" /* offset 16 */,
     .err = MQW_ERR_TRAILING, .offset = 16, .rule = "TB-1"},
    {.name = "TB-1 3.1 one extra byte after the Client Identifier", .version = MQW_V31,
     .hex = "10 10" MQISDP " 03 02 00 3C 00 01 63 00" /* offset 17 */,
     .err = MQW_ERR_TRAILING, .offset = 17, .rule = "TB-1"},

    /* -- section 16: CONNECT properties (the table is props.c's) -- */
    {.name = "PR-10 Topic Alias in CONNECT", .version = MQW_V5,
     .hex = "10 11" MQTT " 05 02 00 3C 03 23" /* offset 13 */ " 00 01 00 01 63",
     .err = MQW_ERR_PROPERTY_NOT_ALLOWED, .offset = 13, .rule = "PR-10"},
    {.name = "PR-19 Receive Maximum 0 in CONNECT", .version = MQW_V5,
     .hex = "10 11" MQTT " 05 02 00 3C 03 21" /* offset 13 */ " 00 00 00 01 63",
     .err = MQW_ERR_PROPERTY_VALUE, .offset = 13, .rule = "PR-19"},
    {.name = "PR-20 Maximum Packet Size 0 in CONNECT", .version = MQW_V5,
     .hex = "10 13" MQTT " 05 02 00 3C 05 27" /* offset 13 */ " 00 00 00 00 00 01 63",
     .err = MQW_ERR_PROPERTY_VALUE, .offset = 13, .rule = "PR-20"},
    {.name = "PR-26 Request Problem Information 2", .version = MQW_V5,
     .hex = "10 10" MQTT " 05 02 00 3C 02 17" /* offset 13 */ " 02 00 01 63",
     .err = MQW_ERR_PROPERTY_VALUE, .offset = 13, .rule = "PR-26"},
    {.name = "PR-26 Request Response Information 2", .version = MQW_V5,
     .hex = "10 10" MQTT " 05 02 00 3C 02 19" /* offset 13 */ " 02 00 01 63",
     .err = MQW_ERR_PROPERTY_VALUE, .offset = 13, .rule = "PR-26"},
    {.name = "PR-28 Authentication Data without Authentication Method", .version = MQW_V5,
     .hex = "10 12" MQTT " 05 02 00 3C 04" /* Property Length, offset 12 */ " 16 00 01 78"
            " 00 01 63",
     .err = MQW_ERR_AUTH_METHOD, .offset = 12, .rule = "PR-28"},
    {.name = "PR-28 Authentication Method and Data", .version = MQW_V5,
     .hex = "10 18" MQTT " 05 02 00 3C 0A"
            " 15 00 03 53 43 52" /* Authentication Method "SCR" */
            " 16 00 01 78"       /* Authentication Data "x" */
            " 00 01 63",
     .pkt = CONNECT(.version = 5, .clean_start = true, .keep_alive = 60,
                    .props = PROPS(STR(MQW_PROP_AUTHENTICATION_METHOD, "SCR"),
                                   STR(MQW_PROP_AUTHENTICATION_DATA, "x")),
                    .client_id = S("c"))},

    /* -- section 19: MQTT 3.1 -- */
    {.name = "31-1 \"MQIsdp\" level 3 selects 3.1", .version = MQW_V31,
     .hex = "10 0F" MQISDP " 03 02 00 3C 00 01 63",
     .pkt = CONNECT(.version = 3, .clean_start = true, .keep_alive = 60,
                    .protocol_name = S("MQIsdp"), .client_id = S("c"))},
    {.name = "31-2 3.1 Client Identifier of 24 bytes", .version = MQW_V31,
     .hex = "10 26" MQISDP " 03 02 00 3C 00 18" /* offset 14 */
            " 61 62 63 64 65 66 67 68 69 6A 6B 6C 6D 6E 6F 70 71 72 73 74 75 76 77 78",
     .err = MQW_ERR_CLIENT_ID, .offset = 14, .rule = "31-2",
     .pkt = CONNECT(.version = 3, .clean_start = true, .keep_alive = 60,
                    .protocol_name = S("MQIsdp"), .client_id = S("abcdefghijklmnopqrstuvwx"))},
    {.name = "31-2 3.1 Client Identifier of 23 bytes is fine", .version = MQW_V31,
     .hex = "10 25" MQISDP " 03 02 00 3C 00 17"
            " 61 62 63 64 65 66 67 68 69 6A 6B 6C 6D 6E 6F 70 71 72 73 74 75 76 77",
     .pkt = CONNECT(.version = 3, .clean_start = true, .keep_alive = 60,
                    .client_id = S("abcdefghijklmnopqrstuvw"))},
    {.name = "31-3 3.1 empty Client Identifier", .version = MQW_V31,
     .hex = "10 0E" MQISDP " 03 02 00 3C 00 00" /* offset 14 */,
     .err = MQW_ERR_CLIENT_ID, .offset = 14, .rule = "31-3",
     .pkt = CONNECT(.version = 3, .clean_start = true, .keep_alive = 60,
                    .protocol_name = S("MQIsdp"), .client_id = S(""))},
    {.name = "31-4 3.1 reserved bit and Will QoS without Will are ignored", .version = MQW_V31,
     .hex = "10 0F" MQISDP " 03 0B 00 3C 00 01 63",
     .pkt = CONNECT(.version = 3, .clean_start = true, .keep_alive = 60, .client_id = S("c")),
     .canon = "10 0F" MQISDP " 03 02 00 3C 00 01 63"},
    {.name = "31-4 3.1 Will Retain without Will is ignored", .version = MQW_V31,
     .hex = "10 0F" MQISDP " 03 22 00 3C 00 01 63",
     .pkt = CONNECT(.version = 3, .clean_start = true, .keep_alive = 60, .client_id = S("c")),
     .canon = "10 0F" MQISDP " 03 02 00 3C 00 01 63"},
    {.name = "31-4 CF-1 3.1 reserved bit with MQW_STRICT_V31", .version = MQW_V31,
     .flags = MQW_STRICT_V31,
     .hex = "10 0F" MQISDP " 03 03" /* offset 11 */ " 00 3C 00 01 63",
     .err = MQW_ERR_RESERVED, .offset = 11, .rule = "31-4"},
    {.name = "31-4 CF-2 3.1 Will QoS without Will with MQW_STRICT_V31", .version = MQW_V31,
     .flags = MQW_STRICT_V31,
     .hex = "10 0F" MQISDP " 03 0A 00 3C 00 01 63",
     .err = MQW_ERR_CONNECT_FLAGS, .offset = 11, .rule = "31-4"},
    {.name = "31-4 CF-3 3.1 Will Retain without Will with MQW_STRICT_V31", .version = MQW_V31,
     .flags = MQW_STRICT_V31,
     .hex = "10 0F" MQISDP " 03 22 00 3C 00 01 63",
     .err = MQW_ERR_CONNECT_FLAGS, .offset = 11, .rule = "31-4"},
    {.name = "31-4 3.1 clean flags with MQW_STRICT_V31", .version = MQW_V31,
     .flags = MQW_STRICT_V31,
     .hex = "10 0F" MQISDP " 03 02 00 3C 00 01 63",
     .pkt = CONNECT(.version = 3, .clean_start = true, .keep_alive = 60, .client_id = S("c"))},
    {.name = "31-5 3.1 User Name flag with no User Name left: absent", .version = MQW_V31,
     .hex = "10 0F" MQISDP " 03 82 00 3C 00 01 63",
     .pkt = CONNECT(.version = 3, .clean_start = true, .keep_alive = 60, .client_id = S("c")),
     .canon = "10 0F" MQISDP " 03 02 00 3C 00 01 63"},
    {.name = "31-5 CF-7 3.1 one byte left is not an absent User Name", .version = MQW_V31,
     .hex = "10 10" MQISDP " 03 82 00 3C 00 01 63 00" /* offset 17 */,
     .err = MQW_ERR_SHORT, .offset = 17, .rule = "CF-7"},
    {.name = "31-6 3.1 Password flag with no Password left: absent", .version = MQW_V31,
     .hex = "10 12" MQISDP " 03 C2 00 3C 00 01 63 00 01 75",
     .pkt = CONNECT(.version = 3, .clean_start = true, .keep_alive = 60, .client_id = S("c"),
                    .has_username = true, .username = S("u")),
     .canon = "10 12" MQISDP " 03 82 00 3C 00 01 63 00 01 75"},
    {.name = "31-5 31-6 3.1 both flags, neither field left", .version = MQW_V31,
     .hex = "10 0F" MQISDP " 03 C2 00 3C 00 01 63",
     .pkt = CONNECT(.version = 3, .clean_start = true, .keep_alive = 60, .client_id = S("c")),
     .canon = "10 0F" MQISDP " 03 02 00 3C 00 01 63"},
    {.name = "31-7 3.1 Password flag without User Name flag", .version = MQW_V31,
     .hex = "10 12" MQISDP " 03 42" /* offset 11 */ " 00 3C 00 01 63 00 01 70",
     .err = MQW_ERR_CONNECT_FLAGS, .offset = 11, .rule = "31-7"},
    {.name = "31-8 3.1 Will Message and Password are opaque bytes", .version = MQW_V31,
     .hex = "10 1A" MQISDP " 03 C6 00 3C 00 01 63 00 01 77 00 00 00 01 75 00 01 FF",
     .pkt = CONNECT(.version = 3, .clean_start = true, .keep_alive = 60, .client_id = S("c"),
                    .will = true, .will_topic = S("w"), .will_payload = S(""),
                    .has_username = true, .username = S("u"), .has_password = true,
                    .password = S("\xFF"))},
    {.name = "31-8 3.1 Will QoS 1 with Will Retain", .version = MQW_V31,
     .hex = "10 15" MQISDP " 03 2C 00 0A 00 01 63 00 01 77 00 01 21",
     .pkt = CONNECT(.version = 3, .keep_alive = 10, .client_id = S("c"), .will = true,
                    .will_qos = 1, .will_retain = true, .will_topic = S("w"),
                    .will_payload = S("!"))},
    /* -- valid packets just outside the fast path's plain-ASCII shape -- */
    {.name = "STR-11 3.1.1 client id with U+00E9 (two bytes)", .version = MQW_V311,
     .hex = "10 0E 00 04 4D 51 54 54 04 02 00 3C 00 02 C3 A9"},
    {.name = "STR-13 3.1.1 user name with U+00E9", .version = MQW_V311,
     .hex = "10 11 00 04 4D 51 54 54 04 82 00 3C 00 01 63 00 02 C3 A9"},
    {.name = "CF-20 3.1.1 Will Topic with a space: a Topic Name, not plain", .version = MQW_V311,
     .hex = "10 15 00 04 4D 51 54 54 04 06 00 3C 00 01 63 00 03 61 20 62 00 01 7A"},
};
/* clang-format on */

/* ---- CONNACK: byte vectors --------------------------------------------- */

/* clang-format off */
static const vec connack_vecs[] = {
    {.name = "CA-3 3.1.1 accepted", .version = MQW_V311, .hex = "20 02 00 00",
     .pkt = CONNACK(.code = 0)},
    {.name = "CA-3 3.1.1 return code 5 (not authorized)", .version = MQW_V311,
     .hex = "20 02 00 05", .pkt = CONNACK(.code = 5)},
    {.name = "CA-2 3.1.1 Session Present with code 0", .version = MQW_V311,
     .hex = "20 02 01 00", .pkt = CONNACK(.session_present = true)},
    {.name = "CA-3 3.1 return code 2 (identifier rejected)", .version = MQW_V31,
     .hex = "20 02 00 02", .pkt = CONNACK(.code = 2)},
    {.name = "FH-2 3.1.1 CONNACK flag nibble 1000", .version = MQW_V311, .hex = "28 02 00 00",
     .err = MQW_ERR_FLAGS, .offset = 0, .rule = "FH-2"},
    {.name = "FH-2 5.0 CONNACK flag nibble 0001", .version = MQW_V5, .hex = "21 03 00 00 00",
     .err = MQW_ERR_FLAGS, .offset = 0, .rule = "FH-2"},
    {.name = "FH-2 31-14 3.1 CONNACK flag nibble ignored", .version = MQW_V31,
     .hex = "28 02 00 00", .pkt = CONNACK(.code = 0), .canon = "20 02 00 00"},
    {.name = "FH-20 CONNACK received by a server", .version = MQW_V311, .role = MQW_ROLE_SERVER,
     .hex = "20 02 00 00", .err = MQW_ERR_DIRECTION, .offset = 0, .rule = "FH-20"},
    {.name = "FH-20 CONNACK received by a client", .version = MQW_V311, .role = MQW_ROLE_CLIENT,
     .hex = "20 02 00 00", .pkt = CONNACK(.code = 0)},
    {.name = "CA-1 3.1.1 Connect Acknowledge Flags bit 1", .version = MQW_V311,
     .hex = "20 02 02" /* offset 2 */ " 00",
     .err = MQW_ERR_RESERVED, .offset = 2, .rule = "CA-1"},
    {.name = "CA-1 3.1.1 Connect Acknowledge Flags bit 7", .version = MQW_V311,
     .hex = "20 02 80 00", .err = MQW_ERR_RESERVED, .offset = 2, .rule = "CA-1"},
    {.name = "CA-1 5.0 Connect Acknowledge Flags bit 1", .version = MQW_V5,
     .hex = "20 03 02 00 00", .err = MQW_ERR_RESERVED, .offset = 2, .rule = "CA-1"},
    {.name = "CA-2 3.1.1 Session Present with return code 5", .version = MQW_V311,
     .hex = "20 02 01" /* offset 2 */ " 05",
     .err = MQW_ERR_SESSION_PRESENT, .offset = 2, .rule = "CA-2"},
    {.name = "CA-2 5.0 Session Present with reason 0x80", .version = MQW_V5,
     .hex = "20 03 01 80 00", .err = MQW_ERR_SESSION_PRESENT, .offset = 2, .rule = "CA-2"},
    {.name = "CA-2 5.0 Session Present with Success", .version = MQW_V5, .hex = "20 03 01 00 00",
     .pkt = CONNACK(.session_present = true)},
    {.name = "CA-3 3.1.1 return code 6 with MQW_STRICT_CONNACK_CODE", .version = MQW_V311,
     .flags = MQW_STRICT_CONNACK_CODE, .hex = "20 02 00 06" /* offset 3 */,
     .err = MQW_ERR_REASON_CODE, .offset = 3, .rule = "CA-3"},
    {.name = "CA-3 3.1 return code 255 with MQW_STRICT_CONNACK_CODE", .version = MQW_V31,
     .flags = MQW_STRICT_CONNACK_CODE, .hex = "20 02 00 FF",
     .err = MQW_ERR_REASON_CODE, .offset = 3, .rule = "CA-3"},
    {.name = "CA-3 3.1.1 return code 5 with MQW_STRICT_CONNACK_CODE", .version = MQW_V311,
     .flags = MQW_STRICT_CONNACK_CODE, .hex = "20 02 00 05", .pkt = CONNACK(.code = 5)},
    {.name = "CA-4 5.0 reason code 0x10", .version = MQW_V5, .hex = "20 03 00 10" /* offset 3 */
                                                                    " 00",
     .err = MQW_ERR_REASON_CODE, .offset = 3, .rule = "CA-4"},
    {.name = "CA-4 5.0 reason code 0x8B (a DISCONNECT code)", .version = MQW_V5,
     .hex = "20 03 00 8B 00", .err = MQW_ERR_REASON_CODE, .offset = 3, .rule = "CA-4"},
    {.name = "CA-4 5.0 reason code 0x01", .version = MQW_V5, .hex = "20 03 00 01 00",
     .err = MQW_ERR_REASON_CODE, .offset = 3, .rule = "CA-4"},
    {.name = "CA-4 5.0 reason 0x87 Not authorized", .version = MQW_V5, .hex = "20 03 00 87 00",
     .pkt = CONNACK(.code = 0x87)},
    {.name = "CA-4 5.0 reason 0x9F Connection rate exceeded", .version = MQW_V5,
     .hex = "20 03 00 9F 00", .pkt = CONNACK(.code = 0x9F)},
    {.name = "CA-5 5.0 CONNACK without Property Length", .version = MQW_V5, .hex = "20 02 00 00",
     .err = MQW_ERR_SHORT, .offset = 1, .rule = "CA-5"},
    {.name = "CA-6 3.1.1 CONNACK with RL 1", .version = MQW_V311, .hex = "20 01 00",
     .err = MQW_ERR_SHORT, .offset = 1, .rule = "CA-6"},
    {.name = "CA-6 3.1 CONNACK with RL 1", .version = MQW_V31, .hex = "20 01 00",
     .err = MQW_ERR_SHORT, .offset = 1, .rule = "CA-6"},
    {.name = "CA-6 5.0 CONNACK with RL 1", .version = MQW_V5, .hex = "20 01 00",
     .err = MQW_ERR_SHORT, .offset = 1, .rule = "CA-6"},
    {.name = "CA-6 3.1.1 CONNACK with RL 0", .version = MQW_V311, .hex = "20 00",
     .err = MQW_ERR_SHORT, .offset = 1, .rule = "CA-6"},
    {.name = "CA-6 RL-3 incomplete CONNACK is need-more", .version = MQW_V311, .hex = "20 02 00",
     .err = MQW_ERR_NEED_MORE},
    {.name = "TB-2 3.1.1 CONNACK with RL 3", .version = MQW_V311, .hex = "20 03 00 00 00",
     .err = MQW_ERR_TRAILING, .offset = 4, .rule = "TB-2"},
    {.name = "TB-2 3.1 CONNACK with RL 3", .version = MQW_V31, .hex = "20 03 00 00 00",
     .err = MQW_ERR_TRAILING, .offset = 4, .rule = "TB-2"},
    {.name = "TB-2 3.1.1 CONNACK followed by the next packet", .version = MQW_V311,
     .hex = "20 02 00 00 | D0 00", .pkt = CONNACK(.code = 0)},
    {.name = "TB-3 5.0 byte after the properties", .version = MQW_V5,
     .hex = "20 04 00 00 00 FF" /* offset 5 */,
     .err = MQW_ERR_TRAILING, .offset = 5, .rule = "TB-3"},
    {.name = "PR-11 Request Problem Information in CONNACK", .version = MQW_V5,
     .hex = "20 05 00 00 02 17" /* offset 5 */ " 01",
     .err = MQW_ERR_PROPERTY_NOT_ALLOWED, .offset = 5, .rule = "PR-11"},
    {.name = "PR-19 Receive Maximum 0 in CONNACK", .version = MQW_V5,
     .hex = "20 06 00 00 03 21 00 00", .err = MQW_ERR_PROPERTY_VALUE, .offset = 5,
     .rule = "PR-19"},
    {.name = "PR-20 Maximum Packet Size 0 in CONNACK", .version = MQW_V5,
     .hex = "20 08 00 00 05 27 00 00 00 00", .err = MQW_ERR_PROPERTY_VALUE, .offset = 5,
     .rule = "PR-20"},
    {.name = "PR-21 Topic Alias Maximum 0", .version = MQW_V5, .hex = "20 06 00 00 03 22 00 00",
     .pkt = CONNACK(.props = PROPS(NUM(MQW_PROP_TOPIC_ALIAS_MAXIMUM, 0)))},
    {.name = "PR-23 Maximum QoS 2", .version = MQW_V5, .hex = "20 05 00 00 02 24 02",
     .err = MQW_ERR_PROPERTY_VALUE, .offset = 5, .rule = "PR-23"},
    {.name = "PR-23 Maximum QoS 1", .version = MQW_V5, .hex = "20 05 00 00 02 24 01",
     .pkt = CONNACK(.props = PROPS(NUM(MQW_PROP_MAXIMUM_QOS, 1)))},
    {.name = "PR-24 Retain Available 2", .version = MQW_V5, .hex = "20 05 00 00 02 25 02",
     .err = MQW_ERR_PROPERTY_VALUE, .offset = 5, .rule = "PR-24"},
    {.name = "PR-25 Shared Subscription Available 5", .version = MQW_V5,
     .hex = "20 05 00 00 02 2A 05", .err = MQW_ERR_PROPERTY_VALUE, .offset = 5,
     .rule = "PR-25"},
    {.name = "PR-25 Wildcard Subscription Available 2", .version = MQW_V5,
     .hex = "20 05 00 00 02 28 02", .err = MQW_ERR_PROPERTY_VALUE, .offset = 5,
     .rule = "PR-25"},
    {.name = "PR-25 Subscription Identifiers Available 2", .version = MQW_V5,
     .hex = "20 05 00 00 02 29 02", .err = MQW_ERR_PROPERTY_VALUE, .offset = 5,
     .rule = "PR-25"},
    {.name = "PR-21 PR-23 PR-24 PR-25 5.0 CONNACK with every CONNACK property",
     .version = MQW_V5,
     .hex = "20 41 01 00 3E"
            " 11 00 00 00 3C"       /* Session Expiry Interval 60 */
            " 21 00 0A"             /* Receive Maximum 10 */
            " 24 01"                /* Maximum QoS 1 */
            " 25 00"                /* Retain Available 0 */
            " 27 00 00 04 00"       /* Maximum Packet Size 1024 */
            " 12 00 02 69 64"       /* Assigned Client Identifier "id" */
            " 22 00 03"             /* Topic Alias Maximum 3 */
            " 1F 00 02 6F 6B"       /* Reason String "ok" */
            " 26 00 01 6B 00 01 76" /* User Property k=v */
            " 28 01"                /* Wildcard Subscription Available 1 */
            " 29 01"                /* Subscription Identifiers Available 1 */
            " 2A 00"                /* Shared Subscription Available 0 */
            " 13 00 1E"             /* Server Keep Alive 30 */
            " 1A 00 01 72"          /* Response Information "r" */
            " 1C 00 01 73"          /* Server Reference "s" */
            " 15 00 01 6D"          /* Authentication Method "m" */
            " 16 00 01 64",         /* Authentication Data "d" */
     .pkt = CONNACK(.session_present = true,
                    .props = PROPS(NUM(MQW_PROP_SESSION_EXPIRY_INTERVAL, 60),
                                   NUM(MQW_PROP_RECEIVE_MAXIMUM, 10),
                                   NUM(MQW_PROP_MAXIMUM_QOS, 1),
                                   NUM(MQW_PROP_RETAIN_AVAILABLE, 0),
                                   NUM(MQW_PROP_MAXIMUM_PACKET_SIZE, 1024),
                                   STR(MQW_PROP_ASSIGNED_CLIENT_IDENTIFIER, "id"),
                                   NUM(MQW_PROP_TOPIC_ALIAS_MAXIMUM, 3),
                                   STR(MQW_PROP_REASON_STRING, "ok"), PAIR("k", "v"),
                                   NUM(MQW_PROP_WILDCARD_SUBSCRIPTION_AVAILABLE, 1),
                                   NUM(MQW_PROP_SUBSCRIPTION_IDENTIFIER_AVAILABLE, 1),
                                   NUM(MQW_PROP_SHARED_SUBSCRIPTION_AVAILABLE, 0),
                                   NUM(MQW_PROP_SERVER_KEEP_ALIVE, 30),
                                   STR(MQW_PROP_RESPONSE_INFORMATION, "r"),
                                   STR(MQW_PROP_SERVER_REFERENCE, "s"),
                                   STR(MQW_PROP_AUTHENTICATION_METHOD, "m"),
                                   STR(MQW_PROP_AUTHENTICATION_DATA, "d")))},
    {.name = "31-9 3.1 byte 1 is unused: no Session Present, rebuilt as 00", .version = MQW_V31,
     .hex = "20 02 01 00", .pkt = CONNACK(.code = 0), .canon = "20 02 00 00"},
    {.name = "31-9 3.1 unused byte 1 FF with return code 3", .version = MQW_V31,
     .hex = "20 02 FF 03", .pkt = CONNACK(.code = 3), .canon = "20 02 00 03"},
    {.name = "31-9 3.1 unused byte 1 with MQW_STRICT_V31", .version = MQW_V31,
     .flags = MQW_STRICT_V31, .hex = "20 02 01 00",
     .err = MQW_ERR_RESERVED, .offset = 2, .rule = "31-9"},
};
/* clang-format on */

/* ---- parse-only rows: accepted, but never built ------------------------ */

/* Forms a receiver accepts under a default or lenient choice that a
 * builder still refuses (it never emits what a default parser rejects or
 * what has no defined meaning): `vec` rows with `build_err` (util.h). */
/* clang-format off */
static const vec parse_only[] = {
    {.name = "CF-20 C-12 '#' in the Will Topic with MQW_LENIENT_WILL_TOPIC", .version = MQW_V311,
     .flags = MQW_LENIENT_WILL_TOPIC,
     .hex = "10 14" MQTT " 04 06 00 3C 00 01 63 00 03 61 2F 23 00 00",
     .pkt = CONNECT(.version = 4, .clean_start = true, .keep_alive = 60, .client_id = S("c"),
                    .will = true, .will_topic = S("a/#"), .will_payload = S("")),
     .build_err = MQW_ERR_TOPIC_NAME, .build_rule = "CF-20"},
    {.name = "CF-21 empty Will Topic with MQW_LENIENT_WILL_TOPIC", .version = MQW_V311,
     .flags = MQW_LENIENT_WILL_TOPIC,
     .hex = "10 11" MQTT " 04 06 00 3C 00 01 63 00 00 00 00",
     .pkt = CONNECT(.version = 4, .clean_start = true, .keep_alive = 60, .client_id = S("c"),
                    .will = true, .will_topic = S(""), .will_payload = S("")),
     .build_err = MQW_ERR_TOPIC_NAME, .build_rule = "CF-21"},
    {.name = "CF-21 5.0 empty Will Topic with MQW_LENIENT_WILL_TOPIC", .version = MQW_V5,
     .flags = MQW_LENIENT_WILL_TOPIC,
     .hex = "10 13" MQTT " 05 06 00 3C 00 00 01 63 00 00 00 00 00",
     .pkt = CONNECT(.version = 5, .clean_start = true, .keep_alive = 60, .client_id = S("c"),
                    .will = true, .will_topic = S(""), .will_payload = S("")),
     .build_err = MQW_ERR_TOPIC_NAME, .build_rule = "CF-21"},
    {.name = "CA-2 C-28 Session Present with code 5 under MQW_LENIENT_SESSION", .version = MQW_V311,
     .flags = MQW_LENIENT_SESSION, .hex = "20 02 01 05",
     .pkt = CONNACK(.session_present = true, .code = 5),
     .build_err = MQW_ERR_SESSION_PRESENT, .build_rule = "CA-2"},
    {.name = "CA-2 5.0 Session Present with 0x80 under MQW_LENIENT_SESSION", .version = MQW_V5,
     .flags = MQW_LENIENT_SESSION, .hex = "20 03 01 80 00",
     .pkt = CONNACK(.session_present = true, .code = 0x80),
     .build_err = MQW_ERR_SESSION_PRESENT, .build_rule = "CA-2"},
    {.name = "CA-3 3.1.1 reserved return code 6 exposed raw (C-5)", .version = MQW_V311,
     .hex = "20 02 00 06", .pkt = CONNACK(.code = 6),
     .build_err = MQW_ERR_REASON_CODE, .build_rule = "CA-3"},
    {.name = "CA-3 3.1 reserved return code 255 exposed raw", .version = MQW_V31,
     .hex = "20 02 00 FF", .pkt = CONNACK(.code = 0xFF),
     .build_err = MQW_ERR_REASON_CODE, .build_rule = "CA-3"},
};
/* clang-format on */

/* ---- builders: refusals ------------------------------------------------ */

/* A Client Identifier one byte over the 2-byte length (STR-10). */
static const uint8_t long_id[65536];

/* clang-format off */
/* A valid CONNECT of each version, with and without its Client Identifier. */
#define BASE311 .version = 4, .clean_start = true, .keep_alive = 60
#define BASE5 .version = 5, .clean_start = true, .keep_alive = 60
#define BASE31 .version = 3, .clean_start = true, .keep_alive = 60
#define GOOD311 BASE311, .client_id = S("c")
#define GOOD5 BASE5, .client_id = S("c")
#define GOOD31 BASE31, .client_id = S("c")
/* clang-format on */

/* clang-format off */
static const bvec connect_bvecs[] = {
    {.name = "CN-3 unknown version 6", .pkt = CONNECT(.version = 6, .client_id = S("c")),
     .err = MQW_ERR_ARG},
    {.name = "CN-2 unknown version 0", .pkt = CONNECT(.version = 0, .client_id = S("c")),
     .err = MQW_ERR_ARG},
    {.name = "CN-6 bridge without MQW_ALLOW_BRIDGE", .pkt = CONNECT(GOOD311, .bridge = true),
     .err = MQW_ERR_ARG, .rule = "CN-6"},
    {.name = "CN-6 bridge on 5.0 even with MQW_ALLOW_BRIDGE", .flags = MQW_ALLOW_BRIDGE,
     .pkt = CONNECT(GOOD5, .bridge = true), .err = MQW_ERR_ARG, .rule = "CN-6"},
    {.name = "CF-4 Will QoS 3", .pkt = CONNECT(GOOD311, .will = true, .will_qos = 3,
                                               .will_topic = S("w")),
     .err = MQW_ERR_QOS, .rule = "CF-4"},
    {.name = "CF-4 5.0 Will QoS 3", .pkt = CONNECT(GOOD5, .will = true, .will_qos = 3,
                                                   .will_topic = S("w")),
     .err = MQW_ERR_QOS, .rule = "CF-4"},
    {.name = "CF-2 Will QoS without Will", .pkt = CONNECT(GOOD311, .will_qos = 1),
     .err = MQW_ERR_CONNECT_FLAGS, .rule = "CF-2"},
    {.name = "CF-3 Will Retain without Will", .pkt = CONNECT(GOOD5, .will_retain = true),
     .err = MQW_ERR_CONNECT_FLAGS, .rule = "CF-3"},
    {.name = "31-4 3.1 Will QoS without Will", .pkt = CONNECT(GOOD31, .will_qos = 2),
     .err = MQW_ERR_CONNECT_FLAGS, .rule = "31-4"},
    {.name = "31-4 3.1 Will Retain without Will", .pkt = CONNECT(GOOD31, .will_retain = true),
     .err = MQW_ERR_CONNECT_FLAGS, .rule = "31-4"},
    {.name = "CF-6 Will Topic without Will", .pkt = CONNECT(GOOD311, .will_topic = S("w")),
     .err = MQW_ERR_ARG, .rule = "CF-6"},
    {.name = "CF-6 Will Payload without Will", .pkt = CONNECT(GOOD311, .will_payload = S("x")),
     .err = MQW_ERR_ARG, .rule = "CF-6"},
    {.name = "CF-6 5.0 Will Properties without Will",
     .pkt = CONNECT(GOOD5, .will_props = PROPS(NUM(MQW_PROP_WILL_DELAY_INTERVAL, 1))),
     .err = MQW_ERR_ARG, .rule = "CF-6"},
    {.name = "CF-8 User Name without has_username", .pkt = CONNECT(GOOD311, .username = S("u")),
     .err = MQW_ERR_ARG, .rule = "CF-8"},
    {.name = "CF-10 Password without has_password", .pkt = CONNECT(GOOD5, .password = S("p")),
     .err = MQW_ERR_ARG, .rule = "CF-10"},
    {.name = "CF-11 3.1.1 Password without User Name",
     .pkt = CONNECT(GOOD311, .has_password = true, .password = S("p")),
     .err = MQW_ERR_CONNECT_FLAGS, .rule = "CF-11"},
    {.name = "31-7 3.1 Password without User Name",
     .pkt = CONNECT(GOOD31, .has_password = true, .password = S("p")),
     .err = MQW_ERR_CONNECT_FLAGS, .rule = "31-7"},
    {.name = "STR-11 Client Identifier FF", .pkt = CONNECT(BASE311, .client_id = S("\xFF")),
     .err = MQW_ERR_UTF8, .rule = "STR-11"},
    {.name = "STR-11 3.1 Client Identifier with U+0000 (3.1*)",
     .pkt = CONNECT(BASE31, .client_id = S("a\x00")), .err = MQW_ERR_UTF8, .rule = "STR-11"},
    {.name = "STR-11 STR-8 control character with MQW_STRICT_UTF8", .flags = MQW_STRICT_UTF8,
     .pkt = CONNECT(BASE5, .client_id = S("\x01")), .err = MQW_ERR_UTF8, .rule = "STR-11"},
    {.name = "STR-12 Will Topic FF",
     .pkt = CONNECT(GOOD311, .will = true, .will_topic = S("\xFF")),
     .err = MQW_ERR_UTF8, .rule = "STR-12"},
    {.name = "STR-13 User Name FF",
     .pkt = CONNECT(GOOD5, .has_username = true, .username = S("\xFF")),
     .err = MQW_ERR_UTF8, .rule = "STR-13"},
    {.name = "STR-12 3.1 Will Topic FF (3.1*)",
     .pkt = CONNECT(GOOD31, .will = true, .will_topic = S("\xFF")),
     .err = MQW_ERR_UTF8, .rule = "STR-12"},
    {.name = "STR-13 3.1 User Name FF (3.1*)",
     .pkt = CONNECT(GOOD31, .has_username = true, .username = S("\xFF")),
     .err = MQW_ERR_UTF8, .rule = "STR-13"},
    {.name = "CF-21 empty Will Topic", .pkt = CONNECT(GOOD311, .will = true),
     .err = MQW_ERR_TOPIC_NAME, .rule = "CF-21"},
    {.name = "CF-21 empty Will Topic even with MQW_LENIENT_WILL_TOPIC",
     .flags = MQW_LENIENT_WILL_TOPIC, .pkt = CONNECT(GOOD5, .will = true),
     .err = MQW_ERR_TOPIC_NAME, .rule = "CF-21"},
    {.name = "CF-20 '#' in the Will Topic",
     .pkt = CONNECT(GOOD311, .will = true, .will_topic = S("a/#")),
     .err = MQW_ERR_TOPIC_NAME, .rule = "CF-20"},
    {.name = "CF-20 '+' in the Will Topic even with MQW_LENIENT_WILL_TOPIC",
     .flags = MQW_LENIENT_WILL_TOPIC,
     .pkt = CONNECT(GOOD31, .will = true, .will_topic = S("+")),
     .err = MQW_ERR_TOPIC_NAME, .rule = "CF-20"},
    {.name = "CF-16 3.1.1 empty Client Identifier with Clean Session 0",
     .pkt = CONNECT(.version = 4, .client_id = S("")), .err = MQW_ERR_CLIENT_ID, .rule = "CF-16"},
    {.name = "31-3 3.1 empty Client Identifier", .pkt = CONNECT(BASE31, .client_id = S("")),
     .err = MQW_ERR_CLIENT_ID, .rule = "31-3"},
    {.name = "31-2 3.1 Client Identifier of 24 bytes",
     .pkt = CONNECT(BASE31, .client_id = S("abcdefghijklmnopqrstuvwx")),
     .err = MQW_ERR_CLIENT_ID, .rule = "31-2"},
    {.name = "31-16 3.1 properties",
     .pkt = CONNECT(GOOD31, .props = PROPS(NUM(MQW_PROP_SESSION_EXPIRY_INTERVAL, 1))),
     .err = MQW_ERR_ARG, .rule = "31-16"},
    {.name = "31-16 3.1 Will properties",
     .pkt = CONNECT(GOOD31, .will = true, .will_topic = S("w"),
                    .will_props = PROPS(NUM(MQW_PROP_WILL_DELAY_INTERVAL, 1))),
     .err = MQW_ERR_ARG, .rule = "31-16"},
    {.name = "3.1.1 properties (raw form)",
     .pkt = CONNECT(GOOD311, .props = {.raw = S("\x11\x00\x00\x00\x01"), .n = 1}),
     .err = MQW_ERR_ARG},
    {.name = "STR-10 Client Identifier over 65,535 bytes",
     .pkt = CONNECT(BASE311, .client_id = {long_id, sizeof long_id}), .err = MQW_ERR_ARG,
     .rule = "STR-10"},
    {.name = "STR-10 Password view NULL with a length",
     .pkt = CONNECT(GOOD5, .has_password = true, .password = {NULL, 1}), .err = MQW_ERR_ARG,
     .rule = "STR-10"},
    {.name = "STR-10 Will Topic view NULL with a length",
     .pkt = CONNECT(GOOD311, .will = true, .will_topic = {NULL, 1}), .err = MQW_ERR_ARG,
     .rule = "STR-10"},
    {.name = "STR-10 Will Payload over 65,535 bytes",
     .pkt = CONNECT(GOOD311, .will = true, .will_topic = S("w"),
                    .will_payload = {long_id, sizeof long_id}),
     .err = MQW_ERR_ARG, .rule = "STR-10"},
    {.name = "STR-10 User Name over 65,535 bytes",
     .pkt = CONNECT(GOOD5, .has_username = true, .username = {long_id, sizeof long_id}),
     .err = MQW_ERR_ARG, .rule = "STR-10"},
    {.name = "PR-10 Topic Alias in CONNECT",
     .pkt = CONNECT(GOOD5, .props = PROPS(NUM(MQW_PROP_TOPIC_ALIAS, 1))),
     .err = MQW_ERR_PROPERTY_NOT_ALLOWED, .rule = "PR-10"},
    {.name = "CF-23 Session Expiry Interval in the Will Properties",
     .pkt = CONNECT(GOOD5, .will = true, .will_topic = S("w"),
                    .will_props = PROPS(NUM(MQW_PROP_SESSION_EXPIRY_INTERVAL, 1))),
     .err = MQW_ERR_PROPERTY_NOT_ALLOWED, .rule = "CF-23"},
    {.name = "PR-19 Receive Maximum 0 in CONNECT",
     .pkt = CONNECT(GOOD5, .props = PROPS(NUM(MQW_PROP_RECEIVE_MAXIMUM, 0))),
     .err = MQW_ERR_PROPERTY_VALUE, .rule = "PR-19"},
    {.name = "PR-20 Maximum Packet Size 0 in CONNECT",
     .pkt = CONNECT(GOOD5, .props = PROPS(NUM(MQW_PROP_MAXIMUM_PACKET_SIZE, 0))),
     .err = MQW_ERR_PROPERTY_VALUE, .rule = "PR-20"},
    {.name = "PR-26 Request Problem Information 2",
     .pkt = CONNECT(GOOD5, .props = PROPS(NUM(MQW_PROP_REQUEST_PROBLEM_INFORMATION, 2))),
     .err = MQW_ERR_PROPERTY_VALUE, .rule = "PR-26"},
    {.name = "PR-28 Authentication Data without Authentication Method",
     .pkt = CONNECT(GOOD5, .props = PROPS(STR(MQW_PROP_AUTHENTICATION_DATA, "x"))),
     .err = MQW_ERR_AUTH_METHOD, .rule = "PR-28"},
    {.name = "FH-20 CONNECT built by a server", .role = MQW_ROLE_SERVER,
     .pkt = CONNECT(GOOD311), .err = MQW_ERR_DIRECTION, .rule = "FH-20"},
    {.name = "CONNECT over the peer's Maximum Packet Size is never trimmed",
     .flags = MQW_TRIM_TO_FIT, .max_packet_size = 20,
     .pkt = CONNECT(GOOD5, .props = PROPS(PAIR("key", "value"))), .err = MQW_ERR_TOO_LARGE},
    {.name = "CONNECT size query at the limit", .max_packet_size = 14,
     .pkt = CONNECT(GOOD311), .err = MQW_ERR_TOO_LARGE},
};
/* clang-format on */

/* clang-format off */
static const bvec connack_bvecs[] = {
    {.name = "unknown version 6", .version = 6, .pkt = CONNACK(.code = 0), .err = MQW_ERR_ARG},
    {.name = "31-9 3.1 Session Present", .version = MQW_V31,
     .pkt = CONNACK(.session_present = true), .err = MQW_ERR_ARG, .rule = "31-9"},
    {.name = "CA-2 3.1.1 Session Present with code 5", .version = MQW_V311,
     .pkt = CONNACK(.session_present = true, .code = 5), .err = MQW_ERR_SESSION_PRESENT,
     .rule = "CA-2"},
    {.name = "CA-2 5.0 Session Present with 0x80", .version = MQW_V5,
     .pkt = CONNACK(.session_present = true, .code = 0x80), .err = MQW_ERR_SESSION_PRESENT,
     .rule = "CA-2"},
    {.name = "CA-3 3.1.1 return code 6", .version = MQW_V311, .pkt = CONNACK(.code = 6),
     .err = MQW_ERR_REASON_CODE, .rule = "CA-3"},
    {.name = "CA-3 3.1 return code 255", .version = MQW_V31, .pkt = CONNACK(.code = 0xFF),
     .err = MQW_ERR_REASON_CODE, .rule = "CA-3"},
    {.name = "CA-4 5.0 reason code 0x10", .version = MQW_V5, .pkt = CONNACK(.code = 0x10),
     .err = MQW_ERR_REASON_CODE, .rule = "CA-4"},
    {.name = "CA-4 5.0 reason code 0x04 (a DISCONNECT code)", .version = MQW_V5,
     .pkt = CONNACK(.code = 0x04), .err = MQW_ERR_REASON_CODE, .rule = "CA-4"},
    {.name = "31-16 3.1 CONNACK properties", .version = MQW_V31,
     .pkt = CONNACK(.props = PROPS(NUM(MQW_PROP_RECEIVE_MAXIMUM, 1))), .err = MQW_ERR_ARG,
     .rule = "31-16"},
    {.name = "3.1.1 CONNACK properties", .version = MQW_V311,
     .pkt = CONNACK(.props = PROPS(NUM(MQW_PROP_RECEIVE_MAXIMUM, 1))), .err = MQW_ERR_ARG},
    {.name = "3.1.1 CONNACK properties (raw form, n left 0)", .version = MQW_V311,
     .pkt = CONNACK(.props = {.raw = S("\x21\x00\x01")}), .err = MQW_ERR_ARG},
    {.name = "PR-11 Request Problem Information in CONNACK", .version = MQW_V5,
     .pkt = CONNACK(.props = PROPS(NUM(MQW_PROP_REQUEST_PROBLEM_INFORMATION, 1))),
     .err = MQW_ERR_PROPERTY_NOT_ALLOWED, .rule = "PR-11"},
    {.name = "PR-19 Receive Maximum 0 in CONNACK", .version = MQW_V5,
     .pkt = CONNACK(.props = PROPS(NUM(MQW_PROP_RECEIVE_MAXIMUM, 0))),
     .err = MQW_ERR_PROPERTY_VALUE, .rule = "PR-19"},
    {.name = "PR-20 Maximum Packet Size 0 in CONNACK", .version = MQW_V5,
     .pkt = CONNACK(.props = PROPS(NUM(MQW_PROP_MAXIMUM_PACKET_SIZE, 0))),
     .err = MQW_ERR_PROPERTY_VALUE, .rule = "PR-20"},
    {.name = "PR-23 Maximum QoS 2", .version = MQW_V5,
     .pkt = CONNACK(.props = PROPS(NUM(MQW_PROP_MAXIMUM_QOS, 2))),
     .err = MQW_ERR_PROPERTY_VALUE, .rule = "PR-23"},
    {.name = "PR-24 Retain Available 2", .version = MQW_V5,
     .pkt = CONNACK(.props = PROPS(NUM(MQW_PROP_RETAIN_AVAILABLE, 2))),
     .err = MQW_ERR_PROPERTY_VALUE, .rule = "PR-24"},
    {.name = "PR-25 Shared Subscription Available 5", .version = MQW_V5,
     .pkt = CONNACK(.props = PROPS(NUM(MQW_PROP_SHARED_SUBSCRIPTION_AVAILABLE, 5))),
     .err = MQW_ERR_PROPERTY_VALUE, .rule = "PR-25"},
    {.name = "FH-20 CONNACK built by a client", .version = MQW_V311, .role = MQW_ROLE_CLIENT,
     .pkt = CONNACK(.code = 0), .err = MQW_ERR_DIRECTION, .rule = "FH-20"},
    {.name = "CONNACK over the peer's Maximum Packet Size without MQW_TRIM_TO_FIT",
     .version = MQW_V5, .max_packet_size = 8,
     .pkt = CONNACK(.code = 0x80, .props = PROPS(STR(MQW_PROP_REASON_STRING, "too long"))),
     .err = MQW_ERR_TOO_LARGE},
};
/* clang-format on */

/* ---- CONNACK trimmed to the peer's Maximum Packet Size ------------------ */

/* A 5.0 CONNACK may drop its Reason String, then its User Properties, to
 * fit ([MQTT-3.2.2-19], [MQTT-3.2.2-20]); the rows say what is left. */
typedef struct fit_row {
    const char *name;
    uint32_t max_packet_size;
    mqw_connack in;
    const char *hex;
    unsigned dropped;
} fit_row;

/* clang-format off */
static const fit_row connack_fits[] = {
    {.name = "CA-4 CONNACK 0x80 loses its Reason String", .max_packet_size = 15,
     .in = {.code = 0x80,
            .props = PROPS(STR(MQW_PROP_REASON_STRING, "too long"), PAIR("k", "v"),
                           NUM(MQW_PROP_SERVER_KEEP_ALIVE, 5))},
     .hex = "20 0D 00 80 0A 26 00 01 6B 00 01 76 13 00 05",
     .dropped = MQW_DROPPED_REASON_STRING},
    {.name = "CA-4 CONNACK 0x80 loses its Reason String and User Properties",
     .max_packet_size = 8,
     .in = {.code = 0x80,
            .props = PROPS(STR(MQW_PROP_REASON_STRING, "too long"), PAIR("k", "v"),
                           NUM(MQW_PROP_SERVER_KEEP_ALIVE, 5))},
     .hex = "20 06 00 80 03 13 00 05",
     .dropped = MQW_DROPPED_REASON_STRING | MQW_DROPPED_USER_PROPERTY},
    {.name = "CA-4 CONNACK that fits keeps everything", .max_packet_size = 100,
     .in = {.code = 0x80, .props = PROPS(STR(MQW_PROP_REASON_STRING, "ok"))},
     .hex = "20 08 00 80 05 1F 00 02 6F 6B", .dropped = 0},
};
/* clang-format on */

static void run_fit(const fit_row *r)
{
    uint8_t want[64], got[64];
    size_t want_len = hex_decode(r->hex, want, sizeof want, NULL);
    mqw_limits lim = {r->max_packet_size, MQW_TRIM_TO_FIT, MQW_ROLE_ANY};
    mqw_diag diag;
    size_t len = 0;
    int rc = mqw_connack_build(got, sizeof got, &r->in, MQW_V5, &lim, &diag, &len);
    ck_assert_msg(rc == MQW_OK, "%s: build returned %s (rule %s)", r->name, mqw_strerror(rc),
                  diag.rule ? diag.rule : "NULL");
    ck_assert_msg(len == want_len && memcmp(got, want, len) == 0, "%s: wrong bytes (%zu, want %zu)",
                  r->name, len, want_len);
    ck_assert_msg(diag.dropped == r->dropped, "%s: dropped %u, expected %u", r->name, diag.dropped,
                  r->dropped);

    /* The trimmed packet is a valid CONNACK. */
    mqw_connack back;
    size_t used = 0;
    rc = mqw_connack_parse(got, len, &back, MQW_V5, NULL, &diag, &used);
    ck_assert_msg(rc == MQW_OK && used == len, "%s: trimmed packet does not parse: %s", r->name,
                  mqw_strerror(rc));
    test_counts.vectors++;
}

/* ---- NULL arguments ------------------------------------------------------ */

START_TEST(null_arguments)
{
    static const uint8_t connect[] = {0x10, 0x0D, 0x00, 0x04, 'M',  'Q',  'T', 'T',
                                      0x04, 0x02, 0x00, 0x3C, 0x00, 0x01, 'c'};
    static const uint8_t connack[] = {0x20, 0x02, 0x00, 0x00};
    uint8_t area[32];
    mqw_diag diag;
    size_t len = 7;

    /* NULL diag / used / len are allowed everywhere. */
    mqw_connect c;
    ck_assert_int_eq(mqw_connect_parse(connect, sizeof connect, &c, NULL, NULL, NULL), MQW_OK);
    ck_assert_int_eq(mqw_connect_build(area, sizeof area, &c, NULL, NULL, NULL), MQW_OK);
    ck_assert_mem_eq(area, connect, sizeof connect);
    mqw_connack a;
    ck_assert_int_eq(mqw_connack_parse(connack, sizeof connack, &a, MQW_V311, NULL, NULL, NULL),
                     MQW_OK);
    ck_assert_int_eq(mqw_connack_build(area, sizeof area, &a, MQW_V311, NULL, NULL, NULL), MQW_OK);
    ck_assert_mem_eq(area, connack, sizeof connack);

    /* NULL structs are argument errors. */
    ck_assert_int_eq(mqw_connect_parse(connect, sizeof connect, NULL, NULL, &diag, NULL),
                     MQW_ERR_ARG);
    ck_assert_int_eq(mqw_connect_build(area, sizeof area, NULL, NULL, &diag, &len), MQW_ERR_ARG);
    ck_assert_uint_eq(len, 0);
    len = 7;
    ck_assert_int_eq(mqw_connack_parse(connack, sizeof connack, NULL, MQW_V311, NULL, &diag, NULL),
                     MQW_ERR_ARG);
    ck_assert_int_eq(mqw_connack_build(area, sizeof area, NULL, MQW_V311, NULL, &diag, &len),
                     MQW_ERR_ARG);
    ck_assert_uint_eq(len, 0);

    /* Refusals from the role and property checks with a NULL len. */
    mqw_limits server = {0, 0, MQW_ROLE_SERVER}, client = {0, 0, MQW_ROLE_CLIENT};
    ck_assert_int_eq(mqw_connect_build(area, sizeof area, &c, &server, &diag, NULL),
                     MQW_ERR_DIRECTION);
    ck_assert_int_eq(mqw_connack_build(area, sizeof area, &a, MQW_V311, &client, &diag, NULL),
                     MQW_ERR_DIRECTION);
    static const mqw_property zero_receive_max = {.id = MQW_PROP_RECEIVE_MAXIMUM, .v.num = 0};
    mqw_connect c5 = c;
    c5.version = MQW_V5;
    c5.props.list = &zero_receive_max;
    c5.props.n = 1;
    ck_assert_int_eq(mqw_connect_build(area, sizeof area, &c5, NULL, &diag, NULL),
                     MQW_ERR_PROPERTY_VALUE);
    mqw_connack a5 = {.props = {.list = &zero_receive_max, .n = 1}};
    ck_assert_int_eq(mqw_connack_build(area, sizeof area, &a5, MQW_V5, NULL, &diag, NULL),
                     MQW_ERR_PROPERTY_VALUE);

    /* A CONNACK parsed with an unknown version. */
    ck_assert_int_eq(mqw_connack_parse(connack, sizeof connack, &a, 6, NULL, &diag, NULL),
                     MQW_ERR_ARG);
    /* Another packet type handed to the CONNECT / CONNACK parsers. */
    ck_assert_int_eq(mqw_connect_parse(connack, sizeof connack, &c, NULL, &diag, NULL),
                     MQW_ERR_PACKET_TYPE);
    ck_assert_int_eq(mqw_connack_parse(connect, sizeof connect, &a, MQW_V311, NULL, &diag, NULL),
                     MQW_ERR_PACKET_TYPE);
}
END_TEST

VEC_LOOP_TEST(connect_vec_test, connect_vecs)
VEC_LOOP_TEST(connack_vec_test, connack_vecs)
BVEC_LOOP_TEST(connect_bvec_test, connect_bvecs)
BVEC_LOOP_TEST(connack_bvec_test, connack_bvecs)

VEC_LOOP_TEST(parse_only_test, parse_only)

START_TEST(connack_fit_test)
{
    run_fit(&connack_fits[_i]);
}
END_TEST

/* A 3.1.1 CONNECT with clean session, the client id `cid` and, when
 * `user` is not NULL, a User Name. Returns the packet's length. */
static size_t connect_with(uint8_t *out, const uint8_t *cid, size_t cid_len, const uint8_t *user,
                           size_t user_len)
{
    static const uint8_t head[] = {0x00, 0x04, 'M', 'Q', 'T', 'T', 0x04};
    size_t rl = sizeof head + 3 + 2 + cid_len + (user ? 2 + user_len : 0);
    uint8_t *w = out;
    *w++ = 0x10;
    *w++ = (uint8_t)rl; /* under 128 for the lengths used here */
    memcpy(w, head, sizeof head);
    w += sizeof head;
    *w++ = (uint8_t)(0x02 | (user ? 0x80 : 0)); /* clean session, User Name */
    *w++ = 0x00;
    *w++ = 0x3C; /* keep alive 60 */
    *w++ = 0x00;
    *w++ = (uint8_t)cid_len;
    memcpy(w, cid, cid_len);
    w += cid_len;
    if (user) {
        *w++ = 0x00;
        *w++ = (uint8_t)user_len;
        memcpy(w, user, user_len);
        w += user_len;
    }
    return (size_t)(w - out);
}

/* NUL (STR-6) or 0xFF (STR-4) at each byte of a client id or User Name of
 * 1 to 24 bytes: the parser refuses it at that byte and the builder
 * refuses to write it, whichever path (one word, two words, SIMD blocks)
 * judges the string's length; the clean string goes through both ways. */
START_TEST(connect_string_byte_positions)
{
    static const uint8_t odd[] = {0x00, 0xFF};
    static const uint8_t cid4[4] = {'c', 'i', 'd', '4'}; /* beside a User Name */
    size_t len = (size_t)_i + 1;
    for (int field = 0; field < 2; field++) { /* 0: client id, 1: User Name */
        for (size_t at = 0; at <= len; at++) {
            for (size_t o = 0; o < sizeof odd; o++) {
                uint8_t str[24], pkt[80];
                for (size_t k = 0; k < len; k++)
                    str[k] = (uint8_t)('a' + k % 26);
                bool clean = at == len;
                if (!clean)
                    str[at] = odd[o];
                size_t n = field == 0 ? connect_with(pkt, str, len, NULL, 0)
                                      : connect_with(pkt, cid4, 4, str, len);
                mqw_connect c;
                mqw_diag diag;
                int rc = mqw_connect_parse(pkt, n, &c, NULL, &diag, NULL);
                /* The same string handed to the builder. */
                mqw_connect in;
                memset(&in, 0, sizeof in);
                in.version = MQW_V311;
                in.clean_start = true;
                in.keep_alive = 60;
                in.client_id = field == 0 ? (mqw_bytes){str, len} : (mqw_bytes){cid4, 4};
                if (field == 1) {
                    in.has_username = true;
                    in.username = (mqw_bytes){str, len};
                }
                uint8_t out[80];
                size_t built = 0;
                int brc = mqw_connect_build(out, sizeof out, &in, NULL, NULL, &built);
                char what[80];
                snprintf(what, sizeof what, "%s of %zu bytes, 0x%02X at %zu",
                         field == 0 ? "client id" : "User Name", len, odd[o], at);
                size_t str_off = field == 0 ? 14 : 14 + 4 + 2;
                expect_string_verdict(what, clean, rc, &diag, str_off + at, brc, out, built, pkt,
                                      n);
                if (clean)
                    break;
            }
        }
    }
}
END_TEST

/* RL-1 on the sum of the parts (the audit of issue 12): a 5.0 CONNECT
 * whose CONNECT and Will property blocks each fit, together a Remaining
 * Length of exactly 268,435,455 (measured) or one more (refused, RL-1). */
START_TEST(connect_rl1_sum_of_parts)
{
    enum { N_PROPS = 2100 };
    mqw_property *props = calloc(N_PROPS, sizeof *props);
    mqw_property *will_props = calloc(N_PROPS, sizeof *will_props);
    ck_assert(props && will_props);
    /* "MQTT", level, flags, Keep Alive: 10; client id "c": 3; Will Topic
     * "w": 3; empty Will Payload: 2; two Property Lengths of 4. */
    const size_t fixed = 10 + 3 + 3 + 2 + 4 + 4, will_body = (size_t)1 << 27;
    for (size_t over = 0; over < 2; over++) {
        size_t body = RL_MAX - fixed - will_body + over;
        mqw_packet pkt = {.type = MQW_CONNECT};
        pkt.u.connect = (mqw_connect){
            .version = MQW_V5,
            .clean_start = true,
            .client_id = S("c"),
            .props = {.list = props, .n = user_props_of_size(props, N_PROPS, body)},
            .will = true,
            .will_topic = S("w"),
            .will_props = {.list = will_props,
                           .n = user_props_of_size(will_props, N_PROPS, will_body)},
        };
        expect_rl1_verdict("5.0 CONNECT, two property blocks", &pkt, MQW_V5, over,
                           1 + 4 + (size_t)RL_MAX);
    }
    free(will_props);
    free(props);
}
END_TEST

/* ---- what a failed parse leaves, and the CONNACK that answers it ---------- */

/* A refused CONNECT: `out` after the error (mqttwire.h, mqw_connect_parse):
 * zeroed and filled in wire order up to the error, the version from the
 * level byte on; `untouched` rows are framing errors that leave `out` as
 * it was. Then the CONNACK mqw_connack_refusal picks (`connack` hex, NULL
 * for "close without one") as mqw_connack_build writes it. */
typedef struct fvec {
    const char *name;
    const char *hex;
    uint32_t flags;
    uint8_t role;
    int err;
    bool untouched;
    mqw_packet pkt;      /* the expected `out`, protocol_name compared when set */
    const char *connack; /* NULL: no CONNACK */
} fvec;

/* clang-format off */
static const fvec failed_connects[] = {
    {.name = "RL-1 framing error: out untouched", .hex = "10 80 80 80 80 01",
     .err = MQW_ERR_VARINT, .untouched = true},
    {.name = "FH-20 a client receives a CONNECT: out untouched", .role = MQW_ROLE_CLIENT,
     .hex = "10 0D" MQTT " 04 02 00 3C 00 01 63", .err = MQW_ERR_DIRECTION, .untouched = true},
    {.name = "CN-5 no level byte: the name, version 0", .hex = "10 06" MQTT,
     .err = MQW_ERR_SHORT, .pkt = CONNECT(.protocol_name = S("MQTT"))},
    {.name = "CN-1 unknown name: name and level, then nothing", .hex = "10 0D 00 04 4D 51 54 58 04 02 00 3C 00 01 63",
     .err = MQW_ERR_PROTOCOL_NAME, .pkt = CONNECT(.protocol_name = S("MQTX"), .version = 4)},
    {.name = "CN-3 level 6: 3.1.1 CONNACK 0x01", .hex = "10 0D" MQTT " 06 02 00 3C 00 01 63",
     .err = MQW_ERR_PROTOCOL_VERSION, .pkt = CONNECT(.protocol_name = S("MQTT"), .version = 6),
     .connack = "20 02 00 01"},
    {.name = "CN-2 'MQTT' level 3: 3.1.1 CONNACK 0x01", .hex = "10 0D" MQTT " 03 02 00 3C 00 01 63",
     .err = MQW_ERR_PROTOCOL_VERSION, .pkt = CONNECT(.protocol_name = S("MQTT"), .version = 3),
     .connack = "20 02 00 01"},
    {.name = "CN-4 'MQIsdp' level 4: CONNACK 0x01", .hex = "10 0F" MQISDP " 04 02 00 3C 00 01 63",
     .err = MQW_ERR_PROTOCOL_VERSION, .pkt = CONNECT(.protocol_name = S("MQIsdp"), .version = 4),
     .connack = "20 02 00 01"},
    {.name = "CN-6 bridged 5.0: 5.0 CONNACK 0x84", .flags = MQW_ALLOW_BRIDGE,
     .hex = "10 0E" MQTT " 85 02 00 3C 00 00 01 63", .err = MQW_ERR_PROTOCOL_VERSION,
     .pkt = CONNECT(.protocol_name = S("MQTT"), .version = 5, .bridge = true),
     .connack = "20 03 00 84 00"},
    {.name = "FH-1 5.0 flag nibble 0001: version, no flags read", .hex = "11 0E" MQTT " 05 02 00 3C 00 00 01 63",
     .err = MQW_ERR_FLAGS, .pkt = CONNECT(.protocol_name = S("MQTT"), .version = 5),
     .connack = "20 03 00 81 00"},
    {.name = "CF-4 5.0 Will QoS 3: the flags as received, nothing after", .hex = "10 0E" MQTT " 05 1E 00 3C 00 00 01 63",
     .err = MQW_ERR_QOS,
     .pkt = CONNECT(.protocol_name = S("MQTT"), .version = 5, .clean_start = true, .will = true, .will_qos = 3),
     .connack = "20 03 00 81 00"},
    {.name = "STR-11 5.0 Client Identifier not UTF-8: held as read", .hex = "10 0E" MQTT " 05 02 00 3C 00 00 01 FF",
     .err = MQW_ERR_UTF8,
     .pkt = CONNECT(.protocol_name = S("MQTT"), .version = 5, .clean_start = true, .keep_alive = 60,
                    .client_id = S("\xFF")),
     .connack = "20 03 00 81 00"},
    {.name = "PR-28 5.0 Authentication Data without a method: 0x82", .hex = "10 11" MQTT " 05 02 00 3C 03 16 00 00 00 01 63",
     .err = MQW_ERR_AUTH_METHOD,
     .pkt = CONNECT(.protocol_name = S("MQTT"), .version = 5, .clean_start = true, .keep_alive = 60),
     .connack = "20 03 00 82 00"},
    {.name = "CF-20 5.0 Will Topic with a wildcard: 0x90", .hex = "10 14" MQTT " 05 06 00 3C 00 00 01 63 00 00 01 23 00 00",
     .err = MQW_ERR_TOPIC_NAME,
     .pkt = CONNECT(.protocol_name = S("MQTT"), .version = 5, .clean_start = true, .keep_alive = 60,
                    .client_id = S("c"), .will = true, .will_topic = S("#")),
     .connack = "20 03 00 90 00"},
    {.name = "STR-11 3.1.1 Client Identifier not UTF-8: close", .hex = "10 0D" MQTT " 04 02 00 3C 00 01 FF",
     .err = MQW_ERR_UTF8,
     .pkt = CONNECT(.protocol_name = S("MQTT"), .version = 4, .clean_start = true, .keep_alive = 60,
                    .client_id = S("\xFF"))},
    {.name = "TB-1 3.1.1 a byte after the last field: every field, close", .hex = "10 0E" MQTT " 04 02 00 3C 00 01 63 00",
     .err = MQW_ERR_TRAILING,
     .pkt = CONNECT(.protocol_name = S("MQTT"), .version = 4, .clean_start = true, .keep_alive = 60,
                    .client_id = S("c"))},
    {.name = "CF-16 3.1.1 empty id without Clean Session: 0x02", .hex = "10 0C" MQTT " 04 00 00 3C 00 00",
     .err = MQW_ERR_CLIENT_ID,
     .pkt = CONNECT(.protocol_name = S("MQTT"), .version = 4, .keep_alive = 60),
     .connack = "20 02 00 02"},
    {.name = "31-2 3.1 a 24-byte id: 3.1 CONNACK 0x02",
     .hex = "10 26" MQISDP " 03 02 00 3C 00 18 61 61 61 61 61 61 61 61 61 61 61 61 61 61 61 61 61 61 61 61 61 61 61 61",
     .err = MQW_ERR_CLIENT_ID,
     .pkt = CONNECT(.protocol_name = S("MQIsdp"), .version = 3, .clean_start = true, .keep_alive = 60,
                    .client_id = S("aaaaaaaaaaaaaaaaaaaaaaaa")),
     .connack = "20 02 00 02"},
};
/* clang-format on */

START_TEST(failed_connect_fields)
{
    const fvec *v = &failed_connects[_i];
    uint8_t buf[64];
    size_t n = hex_decode(v->hex, buf, sizeof buf, NULL);
    mqw_limits lim = {0, v->flags, v->role};
    for (int via_dispatch = 0; via_dispatch < 2; via_dispatch++) {
        mqw_packet got;
        memset(&got, 0xA5, sizeof got);
        got.type = MQW_CONNECT;
        mqw_diag diag;
        int rc = via_dispatch ? mqw_parse(buf, n, &got, MQW_V_UNKNOWN, &lim, &diag, NULL)
                              : mqw_connect_parse(buf, n, &got.u.connect, &lim, &diag, NULL);
        ck_assert_msg(rc == v->err, "%s: %s, expected %s", v->name, mqw_strerror(rc),
                      mqw_strerror(v->err));
        if (v->untouched) {
            mqw_connect poisoned;
            memset(&poisoned, 0xA5, sizeof poisoned);
            ck_assert_msg(memcmp(&got.u.connect, &poisoned, sizeof poisoned) == 0,
                          "%s: out was written", v->name);
        } else {
            check_packet_eq(&v->pkt, &got, MQW_V311, v->name);
            ck_assert_uint_eq(got.u.connect.version, v->pkt.u.connect.version);
        }

        mqw_connack ack;
        memset(&ack, 0xA5, sizeof ack);
        int version = -1;
        bool send = mqw_connack_refusal(rc, &got.u.connect, &ack, &version);
        ck_assert_msg(send == (v->connack != NULL), "%s: refusal %s", v->name,
                      send ? "sends a CONNACK" : "closes");
        if (!send) {
            ck_assert_int_eq(version, -1);
            continue;
        }
        uint8_t want[8], out[8];
        size_t want_len = hex_decode(v->connack, want, sizeof want, NULL), len = 0;
        ck_assert_int_eq(mqw_connack_build(out, sizeof out, &ack, version, NULL, NULL, &len),
                         MQW_OK);
        ck_assert_uint_eq(len, want_len);
        ck_assert_mem_eq(out, want, len);
    }
    test_counts.vectors++;
}
END_TEST

/* Nothing refused, or not a verdict on bytes: no CONNACK. */
START_TEST(connack_refusal_nothing_to_answer)
{
    mqw_connect c;
    memset(&c, 0, sizeof c);
    mqw_connack ack = {.code = 0x33};
    int version = 99;
    static const int codes[] = {MQW_OK, MQW_ERR_NEED_MORE, MQW_ERR_ARG, MQW_ERR_NOSPACE};
    static const uint8_t levels[] = {0, MQW_V31, MQW_V311, MQW_V5};
    for (size_t i = 0; i < ARRAY_LEN(codes); i++) {
        for (size_t k = 0; k < ARRAY_LEN(levels); k++) {
            c.version = levels[k];
            ck_assert(!mqw_connack_refusal(codes[i], &c, &ack, &version));
        }
    }
    /* Every verdict before the level byte (version 0) closes. */
    c.version = 0;
    for (int err = -10; err > -70; err--)
        ck_assert(!mqw_connack_refusal(err, &c, &ack, &version));
    ck_assert_uint_eq(ack.code, 0x33);
    ck_assert_int_eq(version, 99);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("connect");
    struct {
        const char *name;
        const TTest *test;
        size_t n;
    } cases[] = {
        {"CONNECT vectors", connect_vec_test, ARRAY_LEN(connect_vecs)},
        {"CONNACK vectors", connack_vec_test, ARRAY_LEN(connack_vecs)},
        {"CONNECT build refusals", connect_bvec_test, ARRAY_LEN(connect_bvecs)},
        {"CONNACK build refusals", connack_bvec_test, ARRAY_LEN(connack_bvecs)},
        {"accepted but never built", parse_only_test, ARRAY_LEN(parse_only)},
        {"CONNACK trimmed to fit", connack_fit_test, ARRAY_LEN(connack_fits)},
        {"NULL arguments", null_arguments, 1},
        {"a bad byte at each position of a string", connect_string_byte_positions, 24},
        {"RL-1 on the sum of the property blocks", connect_rl1_sum_of_parts, 1},
        {"a refused CONNECT: fields and CONNACK", failed_connect_fields,
         ARRAY_LEN(failed_connects)},
        {"no CONNACK for nothing refused", connack_refusal_nothing_to_answer, 1},
    };
    for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
        TCase *tc = tcase_create(cases[i].name);
        tcase_add_loop_test(tc, cases[i].test, 0, (int)cases[i].n);
        suite_add_tcase(s, tc);
    }
    return suite_main(s);
}
