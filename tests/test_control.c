/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/* lib/control.c: PINGREQ, PINGRESP, DISCONNECT, AUTH (docs/rules.md sections
 * 1, 14, 17, 18). */
#include "util.h"

#include <stdlib.h>
#include <string.h>

/* One-line table macros read better than clang-format's wrapping. */
/* clang-format off */
/* A property list in a table. */
#define PROPS(...) {.list = (const mqw_property[]){__VA_ARGS__}, \
                    .n = sizeof((const mqw_property[]){__VA_ARGS__}) / sizeof(mqw_property)}
#define P_NUM(i, x) {.id = (i), .v.num = (x)}
#define P_STR(i, s) {.id = (i), .v.bytes = S(s)}
#define P_PAIR(k, x) {.id = MQW_PROP_USER_PROPERTY, .v.pair = {S(k), S(x)}}

#define PINGREQ {.type = MQW_PINGREQ}
#define PINGRESP {.type = MQW_PINGRESP}
/* DISC(code) or DISC(code, .props = ...). */
#define DISC(...) {.type = MQW_DISCONNECT, .u.disconnect = {.code = __VA_ARGS__}}
#define AUTH(...) {.type = MQW_AUTH, .u.auth = {.code = __VA_ARGS__}}
/* clang-format on */

enum { ANY = MQW_ROLE_ANY, CLIENT = MQW_ROLE_CLIENT, SERVER = MQW_ROLE_SERVER };

/* ---- PINGREQ, PINGRESP ------------------------------------------------- */

/* clang-format off */
static const vec ping_vecs[] = {
    {.name = "TB-8 PINGREQ 3.1", .version = MQW_V31, .hex = "C0 00", .pkt = PINGREQ},
    {.name = "TB-8 PINGREQ 3.1.1", .version = MQW_V311, .hex = "C0 00", .pkt = PINGREQ},
    {.name = "TB-8 PINGREQ 5.0", .version = MQW_V5, .hex = "C0 00", .pkt = PINGREQ},
    {.name = "TB-9 PINGRESP 3.1", .version = MQW_V31, .hex = "D0 00", .pkt = PINGRESP},
    {.name = "TB-9 PINGRESP 3.1.1", .version = MQW_V311, .hex = "D0 00", .pkt = PINGRESP},
    {.name = "TB-9 PINGRESP 5.0", .version = MQW_V5, .hex = "D0 00", .pkt = PINGRESP},
    {.name = "PINGREQ followed by the next packet", .version = MQW_V311, .hex = "C0 00 | D0 00",
     .pkt = PINGREQ},

    /* TB-8 / TB-9: no variable header in any version. */
    {.name = "TB-8 PINGREQ RL 1 (3.1.1)", .version = MQW_V311, .hex = "C0 01 00",
     .err = MQW_ERR_TRAILING, .offset = 2, .rule = "TB-8"},
    {.name = "TB-8 PINGREQ RL 1 (3.1)", .version = MQW_V31, .hex = "C0 01 00",
     .err = MQW_ERR_TRAILING, .offset = 2, .rule = "TB-8"},
    {.name = "TB-8 PINGREQ RL 1 (5.0)", .version = MQW_V5, .hex = "C0 01 00",
     .err = MQW_ERR_TRAILING, .offset = 2, .rule = "TB-8"},
    {.name = "TB-8 PINGREQ RL 3 (5.0)", .version = MQW_V5, .hex = "C0 03 00 00 00",
     .err = MQW_ERR_TRAILING, .offset = 2, .rule = "TB-8"},
    {.name = "TB-9 PINGRESP RL 1 (3.1.1)", .version = MQW_V311, .hex = "D0 01 00",
     .err = MQW_ERR_TRAILING, .offset = 2, .rule = "TB-9"},
    {.name = "TB-9 PINGRESP RL 1 (3.1)", .version = MQW_V31, .hex = "D0 01 00",
     .err = MQW_ERR_TRAILING, .offset = 2, .rule = "TB-9"},
    {.name = "TB-9 PINGRESP RL 1 (5.0)", .version = MQW_V5, .hex = "D0 01 00",
     .err = MQW_ERR_TRAILING, .offset = 2, .rule = "TB-9"},
    {.name = "TB-8 RL-2 PINGREQ padded RL 0 with surplus (3.1.1 lenient)", .version = MQW_V311,
     .flags = MQW_LENIENT_VARINT, .hex = "C0 81 00 00", .err = MQW_ERR_TRAILING, .offset = 3,
     .rule = "TB-8"},

    /* FH-11 / FH-12: flag nibble 0000; 3.1 calls the bits 'not used' (31-14). */
    {.name = "FH-11 PINGREQ flags 0001 (3.1.1)", .version = MQW_V311, .hex = "C1 00",
     .err = MQW_ERR_FLAGS, .offset = 0, .rule = "FH-11"},
    {.name = "FH-11 PINGREQ flags 0001 (5.0)", .version = MQW_V5, .hex = "C1 00",
     .err = MQW_ERR_FLAGS, .offset = 0, .rule = "FH-11"},
    {.name = "FH-11 PINGREQ flags 1000 (5.0)", .version = MQW_V5, .hex = "C8 00",
     .err = MQW_ERR_FLAGS, .offset = 0, .rule = "FH-11"},
    {.name = "FH-12 PINGRESP flags 1000 (3.1.1)", .version = MQW_V311, .hex = "D8 00",
     .err = MQW_ERR_FLAGS, .offset = 0, .rule = "FH-12"},
    {.name = "FH-12 PINGRESP flags 1000 (5.0)", .version = MQW_V5, .hex = "D8 00",
     .err = MQW_ERR_FLAGS, .offset = 0, .rule = "FH-12"},
    {.name = "FH-11 31-14 PINGREQ flags 0001 ignored on 3.1", .version = MQW_V31, .hex = "C1 00",
     .pkt = PINGREQ, .canon = "C0 00"},
    {.name = "FH-12 31-14 PINGRESP flags 1000 ignored on 3.1", .version = MQW_V31, .hex = "D8 00",
     .pkt = PINGRESP, .canon = "D0 00"},
    {.name = "FH-11 31-14 PINGREQ flags 0001 on 3.1, MQW_STRICT_V31", .version = MQW_V31,
     .flags = MQW_STRICT_V31, .hex = "C1 00", .err = MQW_ERR_FLAGS, .offset = 0, .rule = "31-14"},

    /* FH-20: PINGREQ only client -> server, PINGRESP only server -> client. */
    {.name = "FH-20 PINGREQ received by a server", .version = MQW_V311, .role = SERVER,
     .hex = "C0 00", .pkt = PINGREQ},
    {.name = "FH-20 PINGREQ received by a client", .version = MQW_V311, .role = CLIENT,
     .hex = "C0 00", .err = MQW_ERR_DIRECTION, .offset = 0, .rule = "FH-20"},
    {.name = "FH-20 PINGRESP received by a client (5.0)", .version = MQW_V5, .role = CLIENT,
     .hex = "D0 00", .pkt = PINGRESP},
    {.name = "FH-20 PINGRESP received by a server (5.0)", .version = MQW_V5, .role = SERVER,
     .hex = "D0 00", .err = MQW_ERR_DIRECTION, .offset = 0, .rule = "FH-20"},
    {.name = "FH-20 PINGRESP received by a server, MQW_LENIENT_DIRECTION does not apply",
     .version = MQW_V5, .role = SERVER, .flags = MQW_LENIENT_DIRECTION, .hex = "D0 00",
     .err = MQW_ERR_DIRECTION, .offset = 0, .rule = "FH-20"},

    /* Remaining Length forms (RL-1, RL-2) on the smallest packet. */
    {.name = "RL-2 PINGREQ RL 0 in two bytes (3.1.1)", .version = MQW_V311, .hex = "C0 80 00",
     .err = MQW_ERR_VARINT, .offset = 2, .rule = "RL-2"},
    {.name = "RL-2 PINGREQ RL 0 in two bytes (5.0)", .version = MQW_V5, .hex = "C0 80 00",
     .err = MQW_ERR_VARINT, .offset = 2, .rule = "RL-2"},
    {.name = "RL-2 PINGREQ RL 0 in two bytes, 3.1.1 MQW_LENIENT_VARINT", .version = MQW_V311,
     .flags = MQW_LENIENT_VARINT, .hex = "C0 80 00", .pkt = PINGREQ, .canon = "C0 00"},
    {.name = "RL-2 PINGREQ RL 0 in four bytes, 3.1 MQW_LENIENT_VARINT", .version = MQW_V31,
     .flags = MQW_LENIENT_VARINT, .hex = "C0 80 80 80 00", .pkt = PINGREQ, .canon = "C0 00"},
    {.name = "RL-2 PINGREQ RL 0 in two bytes, 5.0 ignores MQW_LENIENT_VARINT", .version = MQW_V5,
     .flags = MQW_LENIENT_VARINT, .hex = "C0 80 00", .err = MQW_ERR_VARINT, .offset = 2,
     .rule = "RL-2"},
    {.name = "RL-1 PINGREQ five-byte Remaining Length", .version = MQW_V311,
     .hex = "C0 80 80 80 80 00", .err = MQW_ERR_VARINT, .offset = 4, .rule = "RL-1"},
    {.name = "RL-1 PINGREQ five-byte Remaining Length (5.0)", .version = MQW_V5,
     .hex = "C0 80 80 80 80 00", .err = MQW_ERR_VARINT, .offset = 4, .rule = "RL-1"},
    {.name = "RL-1 PINGREQ five-byte Remaining Length (3.1)", .version = MQW_V31,
     .hex = "C0 80 80 80 80 00", .err = MQW_ERR_VARINT, .offset = 4, .rule = "RL-1"},
    {.name = "RL-4 PINGREQ first byte only", .version = MQW_V311, .hex = "C0",
     .err = MQW_ERR_NEED_MORE},
    {.name = "RL-3 PINGRESP RL 1 incomplete", .version = MQW_V5, .hex = "D0 01",
     .err = MQW_ERR_NEED_MORE},
    {.name = "PINGREQ over max_packet_size 1", .version = MQW_V311, .hex = "C0 00",
     .max_packet_size = 1, .err = MQW_ERR_TOO_LARGE, .offset = 1},
    {.name = "PINGREQ at max_packet_size 2", .version = MQW_V311, .hex = "C0 00",
     .max_packet_size = 2, .pkt = PINGREQ},
};
/* clang-format on */

/* clang-format off */
static const bvec ping_bvecs[] = {
    {.name = "FH-20 PINGREQ built by a server", .version = MQW_V311, .role = SERVER, .pkt = PINGREQ,
     .err = MQW_ERR_DIRECTION, .rule = "FH-20"},
    {.name = "FH-20 PINGRESP built by a client", .version = MQW_V5, .role = CLIENT, .pkt = PINGRESP,
     .err = MQW_ERR_DIRECTION, .rule = "FH-20"},
    {.name = "PINGREQ over the peer's max_packet_size", .version = MQW_V5, .pkt = PINGREQ,
     .max_packet_size = 1, .err = MQW_ERR_TOO_LARGE},
    {.name = "PINGREQ for version 6", .version = 6, .pkt = PINGREQ, .err = MQW_ERR_ARG},
};
/* clang-format on */

/* ---- DISCONNECT -------------------------------------------------------- */

/* clang-format off */
static const vec disconnect_vecs[] = {
    /* 3.x: no variable header, client -> server only. */
    {.name = "TB-10 DISCONNECT 3.1.1", .version = MQW_V311, .hex = "E0 00", .pkt = DISC(0)},
    {.name = "TB-10 DISCONNECT 3.1", .version = MQW_V31, .hex = "E0 00", .pkt = DISC(0)},
    {.name = "TB-10 DISCONNECT RL 1 on 3.1.1", .version = MQW_V311, .hex = "E0 01 00",
     .err = MQW_ERR_TRAILING, .offset = 2, .rule = "TB-10"},
    {.name = "TB-10 DISCONNECT RL 1 on 3.1", .version = MQW_V31, .hex = "E0 01 00",
     .err = MQW_ERR_TRAILING, .offset = 2, .rule = "TB-10"},
    {.name = "TB-10 DISCONNECT 5.0 form with properties on 3.1.1", .version = MQW_V311,
     .hex = "E0 03 00 00 FF", .err = MQW_ERR_TRAILING, .offset = 2, .rule = "TB-10"},
    {.name = "FH-13 DISCONNECT flags 0010 (3.1.1)", .version = MQW_V311, .hex = "E2 00",
     .err = MQW_ERR_FLAGS, .offset = 0, .rule = "FH-13"},
    {.name = "FH-13 DISCONNECT flags 0010 (5.0)", .version = MQW_V5, .hex = "E2 00",
     .err = MQW_ERR_FLAGS, .offset = 0, .rule = "FH-13"},
    {.name = "FH-13 DISCONNECT flags 0001 (5.0)", .version = MQW_V5, .hex = "E1 01 04",
     .err = MQW_ERR_FLAGS, .offset = 0, .rule = "FH-13"},
    {.name = "FH-13 31-14 DISCONNECT flags ignored on 3.1", .version = MQW_V31, .hex = "E2 00",
     .pkt = DISC(0), .canon = "E0 00"},
    {.name = "FH-13 31-14 DISCONNECT flags on 3.1, MQW_STRICT_V31", .version = MQW_V31,
     .flags = MQW_STRICT_V31, .hex = "E2 00", .err = MQW_ERR_FLAGS, .offset = 0, .rule = "31-14"},
    {.name = "FH-20 DISCONNECT 3.1.1 received by a server", .version = MQW_V311, .role = SERVER,
     .hex = "E0 00", .pkt = DISC(0)},
    {.name = "FH-20 DISCONNECT 3.1.1 received by a client", .version = MQW_V311, .role = CLIENT,
     .hex = "E0 00", .err = MQW_ERR_DIRECTION, .offset = 0, .rule = "FH-20"},
    {.name = "FH-20 DISCONNECT 3.1 received by a client", .version = MQW_V31, .role = CLIENT,
     .hex = "E0 00", .err = MQW_ERR_DIRECTION, .offset = 0, .rule = "FH-20"},
    {.name = "FH-20 DISCONNECT 5.0 received by a client", .version = MQW_V5, .role = CLIENT,
     .hex = "E0 00", .pkt = DISC(0)},

    /* PDA-1: RL 0 is Normal disconnection without properties. */
    {.name = "PDA-1 DISCONNECT RL 0", .version = MQW_V5, .hex = "E0 00", .pkt = DISC(0)},
    {.name = "PDA-1 DISCONNECT RL 0 received by a server", .version = MQW_V5, .role = SERVER,
     .hex = "E0 00", .pkt = DISC(0)},
    /* PDA-2: RL 1 is the Reason Code alone. */
    {.name = "PDA-2 DISCONNECT RL 1 Disconnect with Will Message", .version = MQW_V5,
     .hex = "E0 01 04", .pkt = DISC(0x04)},
    {.name = "PDA-2 TB-10 DISCONNECT RL 1 code 0 (valid on 5.0, built as RL 0)", .version = MQW_V5,
     .hex = "E0 01 00", .pkt = DISC(0), .canon = "E0 00"},
    {.name = "PDA-2 DISCONNECT RL 1 Unspecified error", .version = MQW_V5, .hex = "E0 01 80",
     .pkt = DISC(0x80)},
    {.name = "PDA-2 DISCONNECT RL 1 Packet too large", .version = MQW_V5, .hex = "E0 01 95",
     .pkt = DISC(0x95)},
    {.name = "DISCONNECT RL 2: code and empty properties (built as RL 0)", .version = MQW_V5,
     .hex = "E0 02 00 00", .pkt = DISC(0), .canon = "E0 00"},
    {.name = "DISCONNECT RL 2: code 0x81 and empty properties (built as RL 1)", .version = MQW_V5,
     .hex = "E0 02 81 00", .pkt = DISC(0x81), .canon = "E0 01 81"},
    {.name = "DISCONNECT with Reason String", .version = MQW_V5,
     .hex = "E0 07"
            " 00"                /* Reason Code: Normal disconnection */
            " 05"                /* Property Length */
            " 1F 00 02 68 69",   /* Reason String "hi" */
     .pkt = DISC(0, .props = PROPS(P_STR(MQW_PROP_REASON_STRING, "hi")))},
    {.name = "DISCONNECT Use another server with Server Reference", .version = MQW_V5,
     .hex = "E0 06 9C 04 1C 00 01 62",
     .pkt = DISC(0x9C, .props = PROPS(P_STR(MQW_PROP_SERVER_REFERENCE, "b")))},
    {.name = "PR-6 DISCONNECT with User Properties, repeated name, in order", .version = MQW_V5,
     .hex = "E0 15 83 13 26 00 01 6B 00 02 76 31 26 00 01 6B 00 02 76 32 1F 00 00",
     .pkt = DISC(0x83, .props = PROPS(P_PAIR("k", "v1"),
                                      P_PAIR("k", "v2"),
                                      P_STR(MQW_PROP_REASON_STRING, "")))},
    {.name = "PDA-3 DISCONNECT with Session Expiry Interval from a client", .version = MQW_V5,
     .role = SERVER, .hex = "E0 07 00 05 11 00 00 00 0A",
     .pkt = DISC(0, .props = PROPS(P_NUM(MQW_PROP_SESSION_EXPIRY_INTERVAL, 10)))},
    {.name = "PDA-3 DISCONNECT with Session Expiry Interval, no role", .version = MQW_V5,
     .hex = "E0 07 00 05 11 00 00 00 0A",
     .pkt = DISC(0, .props = PROPS(P_NUM(MQW_PROP_SESSION_EXPIRY_INTERVAL, 10)))},
    {.name = "PDA-3 DISCONNECT with Session Expiry Interval from a server", .version = MQW_V5,
     .role = CLIENT, .hex = "E0 07 00 05 11 00 00 00 0A", .err = MQW_ERR_PROPERTY_NOT_ALLOWED,
     .offset = 4, .rule = "PDA-3"},
    {.name = "PDA-3 DISCONNECT from a server, Session Expiry Interval after a Reason String",
     .version = MQW_V5, .role = CLIENT, .hex = "E0 0B 8B 09 1F 00 01 78 11 00 00 00 00",
     .err = MQW_ERR_PROPERTY_NOT_ALLOWED, .offset = 8, .rule = "PDA-3"},
    {.name = "PDA-3 is not a reason-code direction: MQW_LENIENT_DIRECTION keeps it",
     .version = MQW_V5, .role = CLIENT, .flags = MQW_LENIENT_DIRECTION,
     .hex = "E0 07 00 05 11 00 00 00 0A", .err = MQW_ERR_PROPERTY_NOT_ALLOWED, .offset = 4,
     .rule = "PDA-3"},

    /* PDA-4: reason codes only one side sends. */
    {.name = "PDA-4 DISCONNECT Session taken over received by a server", .version = MQW_V5,
     .role = SERVER, .hex = "E0 01 8E", .err = MQW_ERR_DIRECTION, .offset = 2, .rule = "PDA-4"},
    {.name = "PDA-4 DISCONNECT Session taken over received by a client", .version = MQW_V5,
     .role = CLIENT, .hex = "E0 01 8E", .pkt = DISC(0x8E)},
    {.name = "PDA-4 DISCONNECT Session taken over, no role", .version = MQW_V5, .hex = "E0 01 8E",
     .pkt = DISC(0x8E)},
    {.name = "PDA-4 DISCONNECT Session taken over to a server, MQW_LENIENT_DIRECTION",
     .version = MQW_V5, .role = SERVER, .flags = MQW_LENIENT_DIRECTION, .hex = "E0 01 8E",
     .pkt = DISC(0x8E)},
    {.name = "PDA-4 DISCONNECT with Will Message received by a client", .version = MQW_V5,
     .role = CLIENT, .hex = "E0 01 04", .err = MQW_ERR_DIRECTION, .offset = 2, .rule = "PDA-4"},
    {.name = "PDA-4 DISCONNECT with Will Message received by a server", .version = MQW_V5,
     .role = SERVER, .hex = "E0 01 04", .pkt = DISC(0x04)},
    {.name = "PDA-4 DISCONNECT Server shutting down with properties, received by a server",
     .version = MQW_V5, .role = SERVER, .hex = "E0 06 8B 04 1F 00 01 78", .err = MQW_ERR_DIRECTION,
     .offset = 2, .rule = "PDA-4"},
    {.name = "PDA-4 DISCONNECT Wildcard Subscriptions not supported received by a server",
     .version = MQW_V5, .role = SERVER, .hex = "E0 01 A2", .err = MQW_ERR_DIRECTION, .offset = 2,
     .rule = "PDA-4"},
    {.name = "PDA-4 DISCONNECT Protocol Error both ways (to a server)", .version = MQW_V5,
     .role = SERVER, .hex = "E0 01 82", .pkt = DISC(0x82)},
    {.name = "PDA-4 DISCONNECT Protocol Error both ways (to a client)", .version = MQW_V5,
     .role = CLIENT, .hex = "E0 01 82", .pkt = DISC(0x82)},

    /* RC-5: the DISCONNECT code list. */
    {.name = "RC-5 DISCONNECT code 0x01", .version = MQW_V5, .hex = "E0 01 01",
     .err = MQW_ERR_REASON_CODE, .offset = 2, .rule = "RC-5"},
    {.name = "RC-5 DISCONNECT code 0x84 (a CONNACK code)", .version = MQW_V5, .hex = "E0 01 84",
     .err = MQW_ERR_REASON_CODE, .offset = 2, .rule = "RC-5"},
    {.name = "RC-5 DISCONNECT code 0x92 (a PUBREL code)", .version = MQW_V5, .hex = "E0 02 92 00",
     .err = MQW_ERR_REASON_CODE, .offset = 2, .rule = "RC-5"},
    {.name = "RC-5 DISCONNECT code 0xA3", .version = MQW_V5, .hex = "E0 01 A3",
     .err = MQW_ERR_REASON_CODE, .offset = 2, .rule = "RC-5"},
    {.name = "RC-5 PDA-4 bad code before direction", .version = MQW_V5, .role = SERVER,
     .hex = "E0 01 FF", .err = MQW_ERR_REASON_CODE, .offset = 2, .rule = "RC-5"},

    /* PR-17: DISCONNECT carries 0x11, 0x1F, 0x26, 0x1C only. */
    {.name = "PR-17 DISCONNECT with Receive Maximum", .version = MQW_V5,
     .hex = "E0 05 00 03 21 00 0A", .err = MQW_ERR_PROPERTY_NOT_ALLOWED, .offset = 4,
     .rule = "PR-17"},
    {.name = "PR-17 DISCONNECT with Authentication Method", .version = MQW_V5,
     .hex = "E0 06 00 04 15 00 01 6D", .err = MQW_ERR_PROPERTY_NOT_ALLOWED, .offset = 4,
     .rule = "PR-17"},
    {.name = "PR-5 DISCONNECT with Reason String twice", .version = MQW_V5,
     .hex = "E0 0A 00 08 1F 00 01 61 1F 00 01 62", .err = MQW_ERR_PROPERTY_DUPLICATE, .offset = 8,
     .rule = "PR-5"},
    {.name = "RL-6 DISCONNECT Property Length 0 in two bytes", .version = MQW_V5,
     .hex = "E0 03 00 80 00", .err = MQW_ERR_VARINT, .offset = 4, .rule = "RL-6"},
    {.name = "RL-7 DISCONNECT Property Length past RL", .version = MQW_V5, .hex = "E0 03 00 05 11",
     .err = MQW_ERR_SHORT, .offset = 3, .rule = "RL-7"},

    /* TB-11: nothing after the properties. */
    {.name = "TB-11 DISCONNECT surplus byte after empty properties", .version = MQW_V5,
     .hex = "E0 03 00 00 FF", .err = MQW_ERR_TRAILING, .offset = 4, .rule = "TB-11"},
    {.name = "TB-11 DISCONNECT surplus byte after a Reason String", .version = MQW_V5,
     .hex = "E0 08 00 05 1F 00 02 68 69 00", .err = MQW_ERR_TRAILING, .offset = 9, .rule = "TB-11"},

    /* Framing through the DISCONNECT parser. */
    {.name = "RL-3 DISCONNECT incomplete", .version = MQW_V5, .hex = "E0 07 00 05 11",
     .err = MQW_ERR_NEED_MORE},
    {.name = "DISCONNECT over max_packet_size", .version = MQW_V5, .hex = "E0 01 04",
     .max_packet_size = 2, .err = MQW_ERR_TOO_LARGE, .offset = 1},
    {.name = "DISCONNECT followed by the next packet", .version = MQW_V5, .hex = "E0 01 04 | E0 00",
     .pkt = DISC(0x04)},
};
/* clang-format on */

static const mqw_property disc_reason_hello[] = {P_STR(MQW_PROP_REASON_STRING, "hello")};

/* clang-format off */
static const bvec disconnect_bvecs[] = {
    {.name = "TB-10 DISCONNECT code on 3.1.1", .version = MQW_V311, .pkt = DISC(0x04),
     .err = MQW_ERR_ARG},
    {.name = "TB-10 31-16 DISCONNECT code on 3.1", .version = MQW_V31, .pkt = DISC(0x80),
     .err = MQW_ERR_ARG, .rule = "31-16"},
    {.name = "TB-10 DISCONNECT properties on 3.1.1", .version = MQW_V311,
     .pkt = DISC(0, .props = PROPS(P_STR(MQW_PROP_REASON_STRING, "x"))), .err = MQW_ERR_ARG},
    {.name = "TB-10 31-16 DISCONNECT raw properties on 3.1", .version = MQW_V31,
     .pkt = DISC(0, .props = {.raw = S("\x1F\x00\x00")}), .err = MQW_ERR_ARG, .rule = "31-16"},
    {.name = "FH-20 DISCONNECT 3.1.1 built by a server", .version = MQW_V311, .role = SERVER,
     .pkt = DISC(0), .err = MQW_ERR_DIRECTION, .rule = "FH-20"},
    {.name = "RC-5 DISCONNECT code 0x01", .version = MQW_V5, .pkt = DISC(0x01),
     .err = MQW_ERR_REASON_CODE, .rule = "RC-5"},
    {.name = "RC-5 DISCONNECT code 0x91 (not in §3.14.2.1)", .version = MQW_V5, .pkt = DISC(0x91),
     .err = MQW_ERR_REASON_CODE, .rule = "RC-5"},
    {.name = "RC-5 C-26 DISCONNECT Bad authentication method is never built", .version = MQW_V5,
     .pkt = DISC(0x8C), .err = MQW_ERR_REASON_CODE, .rule = "RC-5"},
    {.name = "RC-5 C-26 DISCONNECT 0x8C refused even with properties", .version = MQW_V5,
     .pkt = DISC(0x8C, .props = PROPS(P_STR(MQW_PROP_REASON_STRING, "x"))),
     .err = MQW_ERR_REASON_CODE, .rule = "RC-5"},
    {.name = "PDA-4 DISCONNECT with Will Message built by a server", .version = MQW_V5,
     .role = SERVER, .pkt = DISC(0x04), .err = MQW_ERR_DIRECTION, .rule = "PDA-4"},
    {.name = "PDA-4 DISCONNECT Session taken over built by a client", .version = MQW_V5,
     .role = CLIENT, .pkt = DISC(0x8E), .err = MQW_ERR_DIRECTION, .rule = "PDA-4"},
    {.name = "PDA-4 DISCONNECT Not authorized built by a client", .version = MQW_V5, .role = CLIENT,
     .pkt = DISC(0x87), .err = MQW_ERR_DIRECTION, .rule = "PDA-4"},
    {.name = "PDA-3 DISCONNECT Session Expiry Interval built by a server", .version = MQW_V5,
     .role = SERVER, .pkt = DISC(0, .props = PROPS(P_NUM(MQW_PROP_SESSION_EXPIRY_INTERVAL, 0))),
     .err = MQW_ERR_PROPERTY_NOT_ALLOWED, .rule = "PDA-3"},
    {.name = "PDA-3 DISCONNECT Session Expiry Interval raw, built by a server", .version = MQW_V5,
     .role = SERVER, .pkt = DISC(0x8B, .props = {.raw = S("\x11\x00\x00\x00\x05")}),
     .err = MQW_ERR_PROPERTY_NOT_ALLOWED, .rule = "PDA-3"},
    {.name = "PR-17 DISCONNECT with Receive Maximum", .version = MQW_V5,
     .pkt = DISC(0, .props = PROPS(P_NUM(MQW_PROP_RECEIVE_MAXIMUM, 10))),
     .err = MQW_ERR_PROPERTY_NOT_ALLOWED, .rule = "PR-17"},
    {.name = "PR-1 DISCONNECT with unknown property 0x04", .version = MQW_V5,
     .pkt = DISC(0, .props = PROPS(P_NUM(0x04, 1))), .err = MQW_ERR_PROPERTY_ID, .rule = "PR-1"},
    {.name = "DISCONNECT over the peer's max_packet_size, no trimming", .version = MQW_V5,
     .pkt = DISC(0x80, .props = {.list = disc_reason_hello, .n = 1}), .max_packet_size = 8,
     .err = MQW_ERR_TOO_LARGE},
    {.name = "DISCONNECT for version 0", .version = 0, .pkt = DISC(0), .err = MQW_ERR_ARG},
};
/* clang-format on */

/* ---- AUTH -------------------------------------------------------------- */

/* clang-format off */
static const vec auth_vecs[] = {
    {.name = "PDA-5 AUTH RL 0 is Success", .version = MQW_V5, .hex = "F0 00", .pkt = AUTH(0)},
    {.name = "PDA-5 PDA-8 AUTH RL 0 received by a client", .version = MQW_V5, .role = CLIENT,
     .hex = "F0 00", .pkt = AUTH(0)},
    {.name = "PDA-5 PDA-8 AUTH RL 0 (Success) received by a server", .version = MQW_V5,
     .role = SERVER, .hex = "F0 00", .err = MQW_ERR_DIRECTION, .offset = 1, .rule = "PDA-8"},
    {.name = "PDA-5 PDA-8 AUTH RL 0 to a server, MQW_LENIENT_DIRECTION", .version = MQW_V5,
     .role = SERVER, .flags = MQW_LENIENT_DIRECTION, .hex = "F0 00", .pkt = AUTH(0)},
    {.name = "FH-14 AUTH flags 0001", .version = MQW_V5, .hex = "F1 00", .err = MQW_ERR_FLAGS,
     .offset = 0, .rule = "FH-14"},
    {.name = "FH-14 AUTH flags 1000", .version = MQW_V5, .hex = "F8 00", .err = MQW_ERR_FLAGS,
     .offset = 0, .rule = "FH-14"},
    {.name = "FH-16 AUTH on 3.1.1", .version = MQW_V311, .hex = "F0 00", .err = MQW_ERR_PACKET_TYPE,
     .offset = 0, .rule = "FH-16"},
    {.name = "FH-16 AUTH on 3.1", .version = MQW_V31, .hex = "F0 00", .err = MQW_ERR_PACKET_TYPE,
     .offset = 0, .rule = "FH-16"},
    {.name = "FH-16 31-16 type 15 with flags on 3.1", .version = MQW_V31, .hex = "F3 00",
     .err = MQW_ERR_PACKET_TYPE, .offset = 0, .rule = "FH-16"},
    {.name = "FH-16 type 15 first byte alone on 3.1.1", .version = MQW_V311, .hex = "F0",
     .err = MQW_ERR_PACKET_TYPE, .offset = 0, .rule = "FH-16"},
    {.name = "FH-16 full 5.0 AUTH on 3.1.1", .version = MQW_V311, .hex = "F0 06 18 04 15 00 01 6D",
     .err = MQW_ERR_PACKET_TYPE, .offset = 0, .rule = "FH-16"},

    /* Full forms: Reason Code + properties with an Authentication Method. */
    {.name = "PR-18 AUTH Continue with method and data", .version = MQW_V5,
     .hex = "F0 0B 18 09 15 00 01 6D 16 00 02 AB CD",
     .pkt = AUTH(0x18, .props = PROPS(P_STR(MQW_PROP_AUTHENTICATION_METHOD, "m"),
                                      P_STR(MQW_PROP_AUTHENTICATION_DATA, "\xAB\xCD")))},
    {.name = "PR-18 AUTH Continue from a server", .version = MQW_V5, .role = CLIENT,
     .hex = "F0 06 18 04 15 00 01 6D",
     .pkt = AUTH(0x18, .props = PROPS(P_STR(MQW_PROP_AUTHENTICATION_METHOD, "m")))},
    {.name = "PR-18 AUTH Continue from a client", .version = MQW_V5, .role = SERVER,
     .hex = "F0 06 18 04 15 00 01 6D",
     .pkt = AUTH(0x18, .props = PROPS(P_STR(MQW_PROP_AUTHENTICATION_METHOD, "m")))},
    {.name = "PR-18 AUTH Success with method, Reason String and User Property", .version = MQW_V5,
     .role = CLIENT, .hex = "F0 13 00 11 1F 00 02 6F 6B 15 00 01 6D 26 00 01 6B 00 02 76 31",
     .pkt = AUTH(0, .props = PROPS(P_STR(MQW_PROP_REASON_STRING, "ok"),
                                   P_STR(MQW_PROP_AUTHENTICATION_METHOD, "m"),
                                   P_PAIR("k", "v1")))},
    {.name = "STR-18 AUTH empty Authentication Data", .version = MQW_V5,
     .hex = "F0 09 18 07 15 00 01 6D 16 00 00",
     .pkt = AUTH(0x18, .props = PROPS(P_STR(MQW_PROP_AUTHENTICATION_METHOD, "m"),
                                      P_STR(MQW_PROP_AUTHENTICATION_DATA, "")))},
    {.name = "PR-18 AUTH with Maximum Packet Size", .version = MQW_V5,
     .hex = "F0 0B 18 09 15 00 01 6D 27 00 00 04 00", .err = MQW_ERR_PROPERTY_NOT_ALLOWED,
     .offset = 8, .rule = "PR-18"},
    {.name = "PR-18 AUTH with Session Expiry Interval", .version = MQW_V5,
     .hex = "F0 0B 18 09 11 00 00 00 01 15 00 01 6D", .err = MQW_ERR_PROPERTY_NOT_ALLOWED,
     .offset = 4, .rule = "PR-18"},

    /* PDA-6: RL 1 (C-16). */
    {.name = "PDA-6 PDA-7 AUTH RL 1 reads Property Length 0, then has no method", .version = MQW_V5,
     .hex = "F0 01 18", .err = MQW_ERR_AUTH_METHOD, .offset = 1, .rule = "PDA-7"},
    {.name = "PDA-6 PDA-7 AUTH RL 1 Success has no method either", .version = MQW_V5,
     .hex = "F0 01 00", .err = MQW_ERR_AUTH_METHOD, .offset = 1, .rule = "PDA-7"},
    {.name = "PDA-6 AUTH RL 1, MQW_STRICT_AUTH_LENGTH", .version = MQW_V5,
     .flags = MQW_STRICT_AUTH_LENGTH, .hex = "F0 01 18", .err = MQW_ERR_SHORT, .offset = 1,
     .rule = "PDA-6"},
    {.name = "PDA-6 RC-6 AUTH RL 1 with a bad code", .version = MQW_V5, .hex = "F0 01 87",
     .err = MQW_ERR_REASON_CODE, .offset = 2, .rule = "RC-6"},
    {.name = "PDA-6 PDA-8 AUTH RL 1 Re-authenticate received by a client", .version = MQW_V5,
     .role = CLIENT, .hex = "F0 01 19", .err = MQW_ERR_DIRECTION, .offset = 2, .rule = "PDA-8"},

    /* PDA-7: exactly one Authentication Method. */
    {.name = "PDA-7 AUTH Continue, empty properties", .version = MQW_V5, .hex = "F0 02 18 00",
     .err = MQW_ERR_AUTH_METHOD, .offset = 3, .rule = "PDA-7"},
    {.name = "PDA-7 AUTH Success, empty properties", .version = MQW_V5, .hex = "F0 02 00 00",
     .err = MQW_ERR_AUTH_METHOD, .offset = 3, .rule = "PDA-7"},
    {.name = "PDA-7 AUTH Authentication Data without method", .version = MQW_V5,
     .hex = "F0 07 18 05 16 00 02 AB CD", .err = MQW_ERR_AUTH_METHOD, .offset = 3, .rule = "PDA-7"},
    {.name = "PDA-7 PR-5 AUTH with two Authentication Methods", .version = MQW_V5,
     .hex = "F0 0A 18 08 15 00 01 6D 15 00 01 6D", .err = MQW_ERR_PROPERTY_DUPLICATE, .offset = 8,
     .rule = "PR-5"},
    {.name = "PDA-7 STR-15 AUTH Authentication Method not UTF-8", .version = MQW_V5,
     .hex = "F0 06 18 04 15 00 01 FF", .err = MQW_ERR_UTF8, .offset = 7},

    /* PDA-8: 0x19 only from a client, 0x00 only from a server. */
    {.name = "PDA-8 AUTH Re-authenticate received by a client", .version = MQW_V5, .role = CLIENT,
     .hex = "F0 06 19 04 15 00 01 6D", .err = MQW_ERR_DIRECTION, .offset = 2, .rule = "PDA-8"},
    {.name = "PDA-8 AUTH Re-authenticate received by a server", .version = MQW_V5, .role = SERVER,
     .hex = "F0 06 19 04 15 00 01 6D",
     .pkt = AUTH(0x19, .props = PROPS(P_STR(MQW_PROP_AUTHENTICATION_METHOD, "m")))},
    {.name = "PDA-8 AUTH Re-authenticate to a client, MQW_LENIENT_DIRECTION", .version = MQW_V5,
     .role = CLIENT, .flags = MQW_LENIENT_DIRECTION, .hex = "F0 06 19 04 15 00 01 6D",
     .pkt = AUTH(0x19, .props = PROPS(P_STR(MQW_PROP_AUTHENTICATION_METHOD, "m")))},
    {.name = "PDA-8 AUTH Success with method received by a server", .version = MQW_V5,
     .role = SERVER, .hex = "F0 06 00 04 15 00 01 6D", .err = MQW_ERR_DIRECTION, .offset = 2,
     .rule = "PDA-8"},
    {.name = "PDA-8 RC-6 bad code reported before direction", .version = MQW_V5, .role = CLIENT,
     .hex = "F0 06 01 04 15 00 01 6D", .err = MQW_ERR_REASON_CODE, .offset = 2, .rule = "RC-6"},

    /* RC-6: 00, 18, 19 only. */
    {.name = "RC-6 AUTH code 0x87", .version = MQW_V5, .hex = "F0 02 87 00",
     .err = MQW_ERR_REASON_CODE, .offset = 2, .rule = "RC-6"},
    {.name = "RC-6 AUTH code 0x04", .version = MQW_V5, .hex = "F0 06 04 04 15 00 01 6D",
     .err = MQW_ERR_REASON_CODE, .offset = 2, .rule = "RC-6"},

    /* TB-11: nothing after the properties. */
    {.name = "TB-11 AUTH surplus byte after the properties", .version = MQW_V5,
     .hex = "F0 07 18 04 15 00 01 6D FF", .err = MQW_ERR_TRAILING, .offset = 8, .rule = "TB-11"},
    {.name = "TB-11 PDA-7 AUTH surplus reported before the missing method", .version = MQW_V5,
     .hex = "F0 05 18 00 15 00 00", .err = MQW_ERR_TRAILING, .offset = 4, .rule = "TB-11"},
    {.name = "RL-7 AUTH Property Length past RL", .version = MQW_V5, .hex = "F0 02 18 04",
     .err = MQW_ERR_SHORT, .offset = 3, .rule = "RL-7"},
    {.name = "RL-3 AUTH incomplete", .version = MQW_V5, .hex = "F0 06 18 04 15",
     .err = MQW_ERR_NEED_MORE},
    {.name = "AUTH followed by the next packet", .version = MQW_V5,
     .hex = "F0 06 18 04 15 00 01 6D | F0 00",
     .pkt = AUTH(0x18, .props = PROPS(P_STR(MQW_PROP_AUTHENTICATION_METHOD, "m")))},
};
/* clang-format on */

/* clang-format off */
static const bvec auth_bvecs[] = {
    {.name = "FH-16 AUTH built on 3.1.1", .version = MQW_V311, .pkt = AUTH(0),
     .err = MQW_ERR_PACKET_TYPE, .rule = "FH-16"},
    {.name = "FH-16 31-16 AUTH built on 3.1", .version = MQW_V31,
     .pkt = AUTH(0x18, .props = PROPS(P_STR(MQW_PROP_AUTHENTICATION_METHOD, "m"))),
     .err = MQW_ERR_PACKET_TYPE, .rule = "FH-16"},
    {.name = "RC-6 AUTH code 0x87", .version = MQW_V5,
     .pkt = AUTH(0x87, .props = PROPS(P_STR(MQW_PROP_AUTHENTICATION_METHOD, "m"))),
     .err = MQW_ERR_REASON_CODE, .rule = "RC-6"},
    {.name = "RC-6 AUTH code 0x01", .version = MQW_V5, .pkt = AUTH(0x01),
     .err = MQW_ERR_REASON_CODE, .rule = "RC-6"},
    {.name = "PDA-7 AUTH Continue without properties", .version = MQW_V5, .pkt = AUTH(0x18),
     .err = MQW_ERR_AUTH_METHOD, .rule = "PDA-7"},
    {.name = "PDA-7 PDA-6 AUTH Success with a Reason String only", .version = MQW_V5,
     .pkt = AUTH(0, .props = PROPS(P_STR(MQW_PROP_REASON_STRING, "x"))), .err = MQW_ERR_AUTH_METHOD,
     .rule = "PDA-7"},
    {.name = "PDA-7 AUTH Re-authenticate with data only (raw)", .version = MQW_V5,
     .pkt = AUTH(0x19, .props = {.raw = S("\x16\x00\x01\x78")}), .err = MQW_ERR_AUTH_METHOD,
     .rule = "PDA-7"},
    {.name = "PDA-7 PR-5 AUTH with two Authentication Methods", .version = MQW_V5,
     .pkt = AUTH(0x18, .props = PROPS(P_STR(MQW_PROP_AUTHENTICATION_METHOD, "m"),
                                      P_STR(MQW_PROP_AUTHENTICATION_METHOD, "n"))),
     .err = MQW_ERR_PROPERTY_DUPLICATE, .rule = "PR-5"},
    {.name = "PDA-8 AUTH Re-authenticate built by a server", .version = MQW_V5, .role = SERVER,
     .pkt = AUTH(0x19, .props = PROPS(P_STR(MQW_PROP_AUTHENTICATION_METHOD, "m"))),
     .err = MQW_ERR_DIRECTION, .rule = "PDA-8"},
    {.name = "PDA-8 PDA-5 AUTH Success (RL 0) built by a client", .version = MQW_V5, .role = CLIENT,
     .pkt = AUTH(0), .err = MQW_ERR_DIRECTION, .rule = "PDA-8"},
    {.name = "PR-18 AUTH with Maximum Packet Size", .version = MQW_V5,
     .pkt = AUTH(0x18, .props = PROPS(P_STR(MQW_PROP_AUTHENTICATION_METHOD, "m"),
                                      P_NUM(MQW_PROP_MAXIMUM_PACKET_SIZE, 1024))),
     .err = MQW_ERR_PROPERTY_NOT_ALLOWED, .rule = "PR-18"},
    {.name = "STR-15 AUTH Authentication Method not UTF-8", .version = MQW_V5,
     .pkt = AUTH(0x18, .props = PROPS(P_STR(MQW_PROP_AUTHENTICATION_METHOD, "\xFF"))),
     .err = MQW_ERR_UTF8},
    {.name = "AUTH over the peer's max_packet_size", .version = MQW_V5, .max_packet_size = 7,
     .pkt = AUTH(0x18, .props = PROPS(P_STR(MQW_PROP_AUTHENTICATION_METHOD, "m"))),
     .err = MQW_ERR_TOO_LARGE},
};
/* clang-format on */

/* ---- every reason code, every role -------------------------------------- */

/* The codes as the 5.0 tables list them, written out here independently of
 * lib/error.c: DISCONNECT §3.14.2.1 (RC-5) and AUTH §3.15.2.1 (RC-6), with
 * the side that may send each. */
static bool spec_disconnect_code(unsigned c)
{
    return c == 0x00 || c == 0x04 || (c >= 0x80 && c <= 0x83) || c == 0x87 || c == 0x89 ||
           c == 0x8B || (c >= 0x8D && c <= 0x90) || (c >= 0x93 && c <= 0xA2);
}

static int spec_disconnect_sender(unsigned c)
{
    if (c == 0x04)
        return CLIENT;
    if (c == 0x87 || c == 0x89 || c == 0x8B || c == 0x8D || c == 0x8E || c == 0x8F ||
        (c >= 0x9A && c <= 0xA2))
        return SERVER;
    return ANY;
}

static int spec_auth_sender(unsigned c)
{
    return c == 0x19 ? CLIENT : c == 0x00 ? SERVER : ANY;
}

static const uint8_t roles[] = {ANY, CLIENT, SERVER};
static const uint32_t direction_flags[] = {0, MQW_LENIENT_DIRECTION};

/* What a receiver with `role` says about a code that only `only` may send. */
static bool direction_refused(int only, uint8_t receiver, uint32_t flags)
{
    if (receiver == ANY || (flags & MQW_LENIENT_DIRECTION) || only == ANY)
        return false;
    return only != (receiver == SERVER ? CLIENT : SERVER);
}

static bool sender_refused(int only, uint8_t sender, uint32_t flags)
{
    if (sender == ANY || (flags & MQW_LENIENT_DIRECTION) || only == ANY)
        return false;
    return only != sender;
}

/* PDA-4 RC-5 C-26: DISCONNECT code _i in the RL 1 and RL 2 forms, parsed
 * and built with every role. */
START_TEST(disconnect_every_code)
{
    unsigned code = (unsigned)_i;
    bool listed = spec_disconnect_code(code);
    for (size_t r = 0; r < ARRAY_LEN(roles); r++) {
        for (size_t f = 0; f < ARRAY_LEN(direction_flags); f++) {
            mqw_limits lim = {0, direction_flags[f], roles[r]};
            for (int form = 1; form <= 2; form++) {
                uint8_t pkt[4] = {0xE0, (uint8_t)form, (uint8_t)code, 0x00};
                mqw_disconnect out;
                mqw_diag diag;
                size_t used = 0;
                int rc =
                    mqw_disconnect_parse(pkt, (size_t)form + 2, &out, MQW_V5, &lim, &diag, &used);
                int want = MQW_OK;
                const char *rule = NULL;
                if (!listed && code != 0x8C) {
                    want = MQW_ERR_REASON_CODE;
                    rule = "RC-5";
                } else if (direction_refused(spec_disconnect_sender(code), roles[r],
                                             direction_flags[f])) {
                    want = MQW_ERR_DIRECTION;
                    rule = "PDA-4";
                }
                ck_assert_msg(rc == want, "DISCONNECT code 0x%02X RL %d role %u flags %u: %s", code,
                              form, roles[r], direction_flags[f], mqw_strerror(rc));
                if (rc == MQW_OK) {
                    ck_assert_uint_eq(out.code, code);
                    ck_assert_uint_eq(out.props.n, 0);
                    ck_assert_uint_eq(used, (size_t)form + 2);
                } else {
                    ck_assert_uint_eq(diag.offset, 2);
                    ck_assert_str_eq(diag.rule, rule);
                }
            }

            /* Build with the same role as the sender's. */
            mqw_disconnect in = {.code = (uint8_t)code};
            uint8_t buf[8];
            size_t len = 0;
            mqw_diag diag;
            int rc = mqw_disconnect_build(buf, sizeof buf, &in, MQW_V5, &lim, &diag, &len);
            int want = MQW_OK;
            if (!listed)
                want = MQW_ERR_REASON_CODE; /* 0x8C too: C-26 */
            else if (sender_refused(spec_disconnect_sender(code), roles[r], direction_flags[f]))
                want = MQW_ERR_DIRECTION;
            ck_assert_msg(rc == want, "build DISCONNECT code 0x%02X role %u flags %u: %s", code,
                          roles[r], direction_flags[f], mqw_strerror(rc));
            if (rc == MQW_OK) {
                ck_assert_uint_eq(len, code ? 3 : 2);
                ck_assert_uint_eq(buf[0], 0xE0);
                ck_assert_uint_eq(buf[1], code ? 1 : 0);
                if (code)
                    ck_assert_uint_eq(buf[2], code);
            } else {
                ck_assert_uint_eq(len, 0);
                ck_assert_str_eq(diag.rule, want == MQW_ERR_REASON_CODE ? "RC-5" : "PDA-4");
            }
        }
    }
}
END_TEST

/* PDA-8 RC-6: AUTH code _i with an Authentication Method, every role. */
START_TEST(auth_every_code)
{
    unsigned code = (unsigned)_i;
    bool listed = code == 0x00 || code == 0x18 || code == 0x19;
    static const mqw_property method[] = {P_STR(MQW_PROP_AUTHENTICATION_METHOD, "m")};
    for (size_t r = 0; r < ARRAY_LEN(roles); r++) {
        for (size_t f = 0; f < ARRAY_LEN(direction_flags); f++) {
            mqw_limits lim = {0, direction_flags[f], roles[r]};
            uint8_t pkt[8] = {0xF0, 0x06, (uint8_t)code, 0x04, 0x15, 0x00, 0x01, 0x6D};
            mqw_auth out;
            mqw_diag diag;
            size_t used = 0;
            int rc = mqw_auth_parse(pkt, sizeof pkt, &out, MQW_V5, &lim, &diag, &used);
            int want = MQW_OK;
            if (!listed)
                want = MQW_ERR_REASON_CODE;
            else if (direction_refused(spec_auth_sender(code), roles[r], direction_flags[f]))
                want = MQW_ERR_DIRECTION;
            ck_assert_msg(rc == want, "AUTH code 0x%02X role %u flags %u: %s", code, roles[r],
                          direction_flags[f], mqw_strerror(rc));
            if (rc == MQW_OK) {
                ck_assert_uint_eq(out.code, code);
                ck_assert_uint_eq(out.props.n, 1);
                ck_assert_uint_eq(used, sizeof pkt);
            } else {
                ck_assert_uint_eq(diag.offset, 2);
                ck_assert_str_eq(diag.rule, want == MQW_ERR_REASON_CODE ? "RC-6" : "PDA-8");
            }

            mqw_auth in = {.code = (uint8_t)code, .props = {.list = method, .n = 1}};
            uint8_t buf[16];
            size_t len = 0;
            rc = mqw_auth_build(buf, sizeof buf, &in, MQW_V5, &lim, &diag, &len);
            want = MQW_OK;
            if (!listed)
                want = MQW_ERR_REASON_CODE;
            else if (sender_refused(spec_auth_sender(code), roles[r], direction_flags[f]))
                want = MQW_ERR_DIRECTION;
            ck_assert_msg(rc == want, "build AUTH code 0x%02X role %u flags %u: %s", code, roles[r],
                          direction_flags[f], mqw_strerror(rc));
            if (rc == MQW_OK) {
                ck_assert_uint_eq(len, sizeof pkt);
                ck_assert_int_eq(memcmp(buf, pkt, sizeof pkt), 0);
            } else {
                ck_assert_uint_eq(len, 0);
            }
        }
    }
}
END_TEST

/* ---- direct calls ------------------------------------------------------- */

/* mqw_ping_parse / _build with a type that is not a ping, or bytes of
 * another type; NULL outputs of the other parsers. */
START_TEST(ping_arguments)
{
    uint8_t pingreq[] = {0xC0, 0x00};
    uint8_t pingresp[] = {0xD0, 0x00};
    mqw_diag diag;
    size_t used = 0, len = 7;
    uint8_t buf[4];

    ck_assert_int_eq(mqw_ping_parse(pingreq, 2, MQW_PINGREQ, MQW_V311, NULL, &diag, &used), MQW_OK);
    ck_assert_uint_eq(used, 2);
    ck_assert_int_eq(mqw_ping_parse(pingresp, 2, MQW_PINGRESP, MQW_V5, NULL, NULL, NULL), MQW_OK);
    ck_assert_int_eq(mqw_ping_parse(pingreq, 2, MQW_DISCONNECT, MQW_V311, NULL, &diag, &used),
                     MQW_ERR_ARG);
    ck_assert_int_eq(mqw_ping_parse(pingreq, 2, 0, MQW_V311, NULL, NULL, NULL), MQW_ERR_ARG);
    /* Bytes of the other ping: the type does not match. */
    ck_assert_int_eq(mqw_ping_parse(pingresp, 2, MQW_PINGREQ, MQW_V311, NULL, &diag, &used),
                     MQW_ERR_PACKET_TYPE);
    ck_assert_uint_eq(diag.offset, 0);
    ck_assert_int_eq(mqw_ping_parse(pingreq, 2, MQW_PINGREQ, 6, NULL, &diag, &used), MQW_ERR_ARG);
    ck_assert_int_eq(mqw_ping_parse(pingreq, 1, MQW_PINGREQ, MQW_V5, NULL, &diag, &used),
                     MQW_ERR_NEED_MORE);
    ck_assert_uint_eq(used, 2);

    ck_assert_int_eq(mqw_ping_build(buf, sizeof buf, MQW_PUBLISH, MQW_V311, NULL, &diag, &len),
                     MQW_ERR_ARG);
    ck_assert_uint_eq(len, 0);
    ck_assert_int_eq(mqw_ping_build(buf, sizeof buf, MQW_PINGREQ, 2, NULL, &diag, &len),
                     MQW_ERR_ARG);
    ck_assert_int_eq(mqw_ping_build(buf, sizeof buf, MQW_PINGRESP, MQW_V31, NULL, &diag, &len),
                     MQW_OK);
    ck_assert_uint_eq(len, 2);
    ck_assert_int_eq(memcmp(buf, pingresp, 2), 0);
    ck_assert_int_eq(mqw_ping_build(NULL, 0, MQW_PINGREQ, MQW_V5, NULL, NULL, &len),
                     MQW_ERR_NOSPACE);
    ck_assert_uint_eq(len, 2);
    ck_assert_int_eq(mqw_ping_build(buf, sizeof buf, MQW_PINGREQ, MQW_V5, NULL, NULL, NULL),
                     MQW_OK);
}
END_TEST

START_TEST(disconnect_auth_arguments)
{
    uint8_t disc[] = {0xE0, 0x00};
    uint8_t auth[] = {0xF0, 0x00};
    mqw_disconnect d;
    mqw_diag diag;
    size_t used = 0, len = 9;
    uint8_t buf[8];

    ck_assert_int_eq(mqw_disconnect_parse(disc, 2, NULL, MQW_V5, NULL, &diag, &used), MQW_ERR_ARG);
    ck_assert_int_eq(mqw_auth_parse(auth, 2, NULL, MQW_V5, NULL, &diag, &used), MQW_ERR_ARG);
    ck_assert_int_eq(mqw_disconnect_parse(disc, 2, &d, 1, NULL, &diag, &used), MQW_ERR_ARG);
    /* Before the CONNECT only a CONNECT can come. */
    ck_assert_int_eq(mqw_disconnect_parse(disc, 2, &d, MQW_V_UNKNOWN, NULL, &diag, &used),
                     MQW_ERR_PACKET_TYPE);
    ck_assert_int_eq(mqw_auth_parse(auth, 2, &d, 7, NULL, &diag, &used), MQW_ERR_ARG);
    /* The wrong parser for the bytes. */
    ck_assert_int_eq(mqw_disconnect_parse(auth, 2, &d, MQW_V5, NULL, &diag, &used),
                     MQW_ERR_PACKET_TYPE);
    ck_assert_int_eq(mqw_auth_parse(disc, 2, &d, MQW_V5, NULL, &diag, &used), MQW_ERR_PACKET_TYPE);
    /* FH-16: AUTH before 5.0 is refused even before a byte arrives. */
    ck_assert_int_eq(mqw_auth_parse(NULL, 0, &d, MQW_V311, NULL, &diag, &used),
                     MQW_ERR_PACKET_TYPE);
    ck_assert_str_eq(diag.rule, "FH-16");
    ck_assert_int_eq(mqw_auth_parse(NULL, 0, &d, MQW_V5, NULL, &diag, &used), MQW_ERR_NEED_MORE);
    ck_assert_uint_eq(used, 2);

    ck_assert_int_eq(mqw_disconnect_build(buf, sizeof buf, NULL, MQW_V5, NULL, &diag, &len),
                     MQW_ERR_ARG);
    ck_assert_uint_eq(len, 0);
    ck_assert_int_eq(mqw_auth_build(buf, sizeof buf, NULL, MQW_V5, NULL, &diag, &len), MQW_ERR_ARG);
    mqw_auth a = {0};
    ck_assert_int_eq(mqw_auth_build(buf, sizeof buf, &a, 1, NULL, &diag, &len), MQW_ERR_ARG);
    ck_assert_int_eq(mqw_auth_build(buf, sizeof buf, &a, MQW_V5, NULL, NULL, NULL), MQW_OK);
    ck_assert_int_eq(memcmp(buf, auth, 2), 0);
    /* Refusals with NULL len and diag. */
    ck_assert_int_eq(mqw_auth_build(buf, sizeof buf, &a, MQW_V311, NULL, NULL, NULL),
                     MQW_ERR_PACKET_TYPE);
    mqw_disconnect bad = {.code = 0x01};
    ck_assert_int_eq(mqw_disconnect_build(buf, sizeof buf, &bad, MQW_V5, NULL, NULL, NULL),
                     MQW_ERR_REASON_CODE);
}
END_TEST

/* C-26: DISCONNECT 0x8C parses (both forms) but never rebuilds. */
START_TEST(disconnect_bad_auth_method_code)
{
    uint8_t rl1[] = {0xE0, 0x01, 0x8C};
    uint8_t rl2[] = {0xE0, 0x07, 0x8C, 0x05, 0x1F, 0x00, 0x02, 0x68, 0x69};
    mqw_packet p;
    mqw_diag diag;
    size_t used = 0, len = 5;
    uint8_t buf[16];

    ck_assert_int_eq(mqw_parse(rl1, sizeof rl1, &p, MQW_V5, NULL, &diag, &used), MQW_OK);
    ck_assert_uint_eq(p.type, MQW_DISCONNECT);
    ck_assert_uint_eq(p.u.disconnect.code, 0x8C);
    ck_assert_int_eq(mqw_build(buf, sizeof buf, &p, MQW_V5, NULL, &diag, &len),
                     MQW_ERR_REASON_CODE);
    ck_assert_str_eq(diag.rule, "RC-5");
    ck_assert_uint_eq(len, 0);

    ck_assert_int_eq(mqw_parse(rl2, sizeof rl2, &p, MQW_V5, NULL, &diag, &used), MQW_OK);
    ck_assert_uint_eq(p.u.disconnect.code, 0x8C);
    ck_assert_uint_eq(p.u.disconnect.props.n, 1);
    ck_assert_uint_eq(used, sizeof rl2);
}
END_TEST

/* C-15 with MQW_TRIM_TO_FIT: what is left after trimming decides the form;
 * the Authentication Method is never trimmed. */
START_TEST(trim_to_fit)
{
    static const mqw_property reason_and_user[] = {
        P_STR(MQW_PROP_REASON_STRING, "hello"),
        P_PAIR("k", "v"),
    };
    static const mqw_property reason_and_expiry[] = {
        P_STR(MQW_PROP_REASON_STRING, "hello"),
        P_NUM(MQW_PROP_SESSION_EXPIRY_INTERVAL, 1),
    };
    static const mqw_property auth_props[] = {
        P_STR(MQW_PROP_AUTHENTICATION_METHOD, "m"),
        P_STR(MQW_PROP_REASON_STRING, "hello"),
    };
    uint8_t buf[32];
    size_t len = 0;
    mqw_diag diag;

    /* 0x80 + Reason String + User Property: everything trimmed -> RL 1. */
    mqw_disconnect d = {.code = 0x80, .props = {.list = reason_and_user, .n = 2}};
    mqw_limits lim = {4, MQW_TRIM_TO_FIT, ANY};
    ck_assert_int_eq(mqw_disconnect_build(buf, sizeof buf, &d, MQW_V5, &lim, &diag, &len), MQW_OK);
    ck_assert_uint_eq(len, 3);
    ck_assert_int_eq(memcmp(buf, "\xE0\x01\x80", 3), 0);
    ck_assert_uint_eq(diag.dropped, MQW_DROPPED_REASON_STRING | MQW_DROPPED_USER_PROPERTY);

    /* Code 0, same properties: RL 0. */
    d.code = 0;
    lim.max_packet_size = 2;
    ck_assert_int_eq(mqw_disconnect_build(buf, sizeof buf, &d, MQW_V5, &lim, &diag, &len), MQW_OK);
    ck_assert_uint_eq(len, 2);
    ck_assert_int_eq(memcmp(buf, "\xE0\x00", 2), 0);

    /* Only the Reason String goes: the User Property stays. */
    lim.max_packet_size = 12;
    ck_assert_int_eq(mqw_disconnect_build(buf, sizeof buf, &d, MQW_V5, &lim, &diag, &len), MQW_OK);
    ck_assert_uint_eq(diag.dropped, MQW_DROPPED_REASON_STRING);
    ck_assert_uint_eq(len, 11);
    ck_assert_int_eq(memcmp(buf, "\xE0\x09\x00\x07\x26\x00\x01k\x00\x01v", 11), 0);

    /* Session Expiry Interval is never trimmed: too large stays too large. */
    d.props.list = reason_and_expiry;
    lim.max_packet_size = 6;
    ck_assert_int_eq(mqw_disconnect_build(buf, sizeof buf, &d, MQW_V5, &lim, &diag, &len),
                     MQW_ERR_TOO_LARGE);
    ck_assert_uint_eq(len, 0);
    lim.max_packet_size = 9;
    ck_assert_int_eq(mqw_disconnect_build(buf, sizeof buf, &d, MQW_V5, &lim, &diag, &len), MQW_OK);
    ck_assert_int_eq(memcmp(buf, "\xE0\x07\x00\x05\x11\x00\x00\x00\x01", 9), 0);

    /* Without MQW_TRIM_TO_FIT nothing is dropped. */
    lim.flags = 0;
    ck_assert_int_eq(mqw_disconnect_build(buf, sizeof buf, &d, MQW_V5, &lim, &diag, &len),
                     MQW_ERR_TOO_LARGE);

    /* AUTH keeps its method, drops the Reason String. */
    mqw_auth a = {.code = 0x18, .props = {.list = auth_props, .n = 2}};
    lim.flags = MQW_TRIM_TO_FIT;
    lim.max_packet_size = 8;
    ck_assert_int_eq(mqw_auth_build(buf, sizeof buf, &a, MQW_V5, &lim, &diag, &len), MQW_OK);
    ck_assert_uint_eq(len, 8);
    ck_assert_int_eq(memcmp(buf, "\xF0\x06\x18\x04\x15\x00\x01m", 8), 0);
    ck_assert_uint_eq(diag.dropped, MQW_DROPPED_REASON_STRING);
    lim.max_packet_size = 7;
    ck_assert_int_eq(mqw_auth_build(buf, sizeof buf, &a, MQW_V5, &lim, &diag, &len),
                     MQW_ERR_TOO_LARGE);
}
END_TEST

VEC_LOOP_TEST(ping_vec, ping_vecs)
BVEC_LOOP_TEST(ping_bvec, ping_bvecs)
VEC_LOOP_TEST(disconnect_vec, disconnect_vecs)
BVEC_LOOP_TEST(disconnect_bvec, disconnect_bvecs)
VEC_LOOP_TEST(auth_vec, auth_vecs)
BVEC_LOOP_TEST(auth_bvec, auth_bvecs)

static void add_loop(Suite *s, const char *name, const TTest *fn, size_t n)
{
    TCase *tc = tcase_create(name);
    tcase_add_loop_test(tc, fn, 0, (int)n);
    suite_add_tcase(s, tc);
}

/* RL-1 on the whole packet (the audit of issue 12): a 5.0 DISCONNECT
 * whose property block fits on its own, with the Reason Code and the
 * Property Length a Remaining Length of exactly 268,435,455 (measured) or
 * one more (refused, RL-1). */
START_TEST(disconnect_rl1_whole_packet)
{
    enum { N_PROPS = 2100 };
    mqw_property *props = calloc(N_PROPS, sizeof *props);
    ck_assert(props != NULL);
    for (size_t over = 0; over < 2; over++) {
        size_t body = RL_MAX - 1 - 4 + over; /* Reason Code, Property Length */
        mqw_packet pkt = {.type = MQW_DISCONNECT};
        pkt.u.disconnect.props.list = props;
        pkt.u.disconnect.props.n = user_props_of_size(props, N_PROPS, body);
        expect_rl1_verdict("5.0 DISCONNECT", &pkt, MQW_V5, over, 1 + 4 + (size_t)RL_MAX);
    }
    free(props);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("control");
    add_loop(s, "ping", ping_vec, ARRAY_LEN(ping_vecs));
    add_loop(s, "ping build refusals", ping_bvec, ARRAY_LEN(ping_bvecs));
    add_loop(s, "disconnect", disconnect_vec, ARRAY_LEN(disconnect_vecs));
    add_loop(s, "disconnect build refusals", disconnect_bvec, ARRAY_LEN(disconnect_bvecs));
    add_loop(s, "auth", auth_vec, ARRAY_LEN(auth_vecs));
    add_loop(s, "auth build refusals", auth_bvec, ARRAY_LEN(auth_bvecs));
    add_loop(s, "disconnect every code", disconnect_every_code, 256);
    add_loop(s, "auth every code", auth_every_code, 256);

    TCase *tc = tcase_create("direct calls");
    tcase_add_test(tc, ping_arguments);
    tcase_add_test(tc, disconnect_auth_arguments);
    tcase_add_test(tc, disconnect_bad_auth_method_code);
    tcase_add_test(tc, trim_to_fit);
    tcase_add_test(tc, disconnect_rl1_whole_packet);
    suite_add_tcase(s, tc);
    return suite_main(s);
}
