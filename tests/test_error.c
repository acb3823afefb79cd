/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/*
 * Tests for lib/error.c: error names, the error -> MQTT 5 reason code map
 * (docs/rules.md C-24), reason code names, packet names, the version string,
 * and the per-packet reason code tables consulted by the packet files
 * (rows CA-4, SA-3, US-4, RC-1..RC-6).
 *
 * Everything expected here is written out by hand from mqttwire.h and the
 * MQTT 5.0 specification (section 2.4, Table 2-6), never derived from the
 * implementation's own tables.
 */
#include <stdio.h>
#include <string.h>

#include "util.h"
#include "wire.h"

/* ---- error codes ------------------------------------------------------- */

/* Every code of mqttwire.h, its fixed number, its constant name and the
 * reason code a 5.0 receiver should send for it. The numbers are spelled
 * out so that renumbering a code (they are never reused) fails here. */
typedef struct err_row {
    int code;
    int number;
    const char *name;
    uint8_t reason;
} err_row;

/* Tables stay one row per entry with a comment per field where useful;
 * clang-format would put every field on a line of its own. */
/* clang-format off */
static const err_row err_table[] = {
    {MQW_OK, 0, "MQW_OK", 0x00},
    /* Not a verdict on received bytes: no reason code. */
    {MQW_ERR_NEED_MORE, -1, "MQW_ERR_NEED_MORE", 0x00},
    {MQW_ERR_NOSPACE, -2, "MQW_ERR_NOSPACE", 0x00},
    {MQW_ERR_FULL, -3, "MQW_ERR_FULL", 0x00},
    /* Malformed group: 0x81, except the two with their own code. */
    {MQW_ERR_MALFORMED, -10, "MQW_ERR_MALFORMED", 0x81},
    {MQW_ERR_PACKET_TYPE, -11, "MQW_ERR_PACKET_TYPE", 0x81},
    {MQW_ERR_FLAGS, -12, "MQW_ERR_FLAGS", 0x81},
    {MQW_ERR_QOS, -13, "MQW_ERR_QOS", 0x81},
    {MQW_ERR_VARINT, -14, "MQW_ERR_VARINT", 0x81},
    {MQW_ERR_SHORT, -15, "MQW_ERR_SHORT", 0x81},
    {MQW_ERR_TRAILING, -16, "MQW_ERR_TRAILING", 0x81},
    {MQW_ERR_UTF8, -17, "MQW_ERR_UTF8", 0x81},
    {MQW_ERR_TOPIC_NAME, -18, "MQW_ERR_TOPIC_NAME", 0x90},
    {MQW_ERR_TOPIC_FILTER, -19, "MQW_ERR_TOPIC_FILTER", 0x8F},
    {MQW_ERR_PROPERTY_ID, -20, "MQW_ERR_PROPERTY_ID", 0x81},
    {MQW_ERR_CONNECT_FLAGS, -21, "MQW_ERR_CONNECT_FLAGS", 0x81},
    {MQW_ERR_RESERVED, -22, "MQW_ERR_RESERVED", 0x81},
    /* Protocol group: 0x82, except Topic Alias 0x94. */
    {MQW_ERR_PROTOCOL, -30, "MQW_ERR_PROTOCOL", 0x82},
    {MQW_ERR_PACKET_ID, -31, "MQW_ERR_PACKET_ID", 0x82},
    {MQW_ERR_EMPTY, -32, "MQW_ERR_EMPTY", 0x82},
    {MQW_ERR_REASON_CODE, -33, "MQW_ERR_REASON_CODE", 0x82},
    {MQW_ERR_PROPERTY_NOT_ALLOWED, -34, "MQW_ERR_PROPERTY_NOT_ALLOWED", 0x82},
    {MQW_ERR_PROPERTY_DUPLICATE, -35, "MQW_ERR_PROPERTY_DUPLICATE", 0x82},
    {MQW_ERR_PROPERTY_VALUE, -36, "MQW_ERR_PROPERTY_VALUE", 0x82},
    {MQW_ERR_DIRECTION, -37, "MQW_ERR_DIRECTION", 0x82},
    {MQW_ERR_TOPIC_ALIAS, -38, "MQW_ERR_TOPIC_ALIAS", 0x94},
    {MQW_ERR_SESSION_PRESENT, -39, "MQW_ERR_SESSION_PRESENT", 0x82},
    {MQW_ERR_SUB_OPTIONS, -40, "MQW_ERR_SUB_OPTIONS", 0x82},
    {MQW_ERR_AUTH_METHOD, -41, "MQW_ERR_AUTH_METHOD", 0x82},
    /* Delivery-rule violations (mqttwire.h "Delivery rules"). */
    {MQW_ERR_ACK_UNKNOWN, -42, "MQW_ERR_ACK_UNKNOWN", 0x82},
    {MQW_ERR_ACK_STATE, -43, "MQW_ERR_ACK_STATE", 0x82},
    {MQW_ERR_ACK_COUNT, -44, "MQW_ERR_ACK_COUNT", 0x82},
    {MQW_ERR_RECEIVE_MAXIMUM, -45, "MQW_ERR_RECEIVE_MAXIMUM", 0x93},
    {MQW_ERR_ALIAS_UNKNOWN, -46, "MQW_ERR_ALIAS_UNKNOWN", 0x82},
    /* CONNECT refusals answered with a CONNACK. */
    {MQW_ERR_PROTOCOL_NAME, -50, "MQW_ERR_PROTOCOL_NAME", 0x84},
    {MQW_ERR_PROTOCOL_VERSION, -51, "MQW_ERR_PROTOCOL_VERSION", 0x84},
    {MQW_ERR_CLIENT_ID, -52, "MQW_ERR_CLIENT_ID", 0x85},
    /* Limits. */
    {MQW_ERR_TOO_LARGE, -60, "MQW_ERR_TOO_LARGE", 0x95},
    {MQW_ERR_PAYLOAD_UTF8, -61, "MQW_ERR_PAYLOAD_UTF8", 0x99},
    {MQW_ERR_QUOTA, -62, "MQW_ERR_QUOTA", 0x97},
    {MQW_ERR_KEEP_ALIVE, -63, "MQW_ERR_KEEP_ALIVE", 0x8D},
    {MQW_ERR_RESEND_LIMIT, -64, "MQW_ERR_RESEND_LIMIT", 0x00},
    /* Caller mistakes, not something a peer sent. */
    {MQW_ERR_ARG, -70, "MQW_ERR_ARG", 0x00},
    {MQW_ERR_STATE, -71, "MQW_ERR_STATE", 0x00},
};
/* clang-format on */

START_TEST(error_number_and_name)
{
    const err_row *r = &err_table[_i];
    ck_assert_int_eq(r->code, r->number);
    const char *s = mqw_strerror(r->code);
    ck_assert_ptr_nonnull(s);
    ck_assert_str_eq(s, r->name);
}
END_TEST

/* STYLE 8: a test asserts every code has a distinct name (and number). */
START_TEST(error_names_distinct)
{
    const err_row *r = &err_table[_i];
    for (size_t j = 0; j < ARRAY_LEN(err_table); j++) {
        if (j == (size_t)_i)
            continue;
        ck_assert_int_ne(r->code, err_table[j].code);
        ck_assert_str_ne(mqw_strerror(r->code), mqw_strerror(err_table[j].code));
    }
}
END_TEST

/* C-24: every parse error carries the 5.0 reason code to send; C-18: the
 * group of its number says malformed (0x81) or protocol error (0x82). */
START_TEST(error_reason_code)
{
    const err_row *r = &err_table[_i];
    ck_assert_msg(mqw_reason_code(r->code) == r->reason, "%s: reason 0x%02X, want 0x%02X", r->name,
                  mqw_reason_code(r->code), r->reason);
}
END_TEST

/* Numbers that are not codes: the gaps between the groups, positive
 * numbers and the extremes of int. */
/* clang-format off */
static const int not_codes[] = {
    1,   2,   100, -4,  -9,  -23, -29, -47, -49, -53, -59,        -65,
    -69, -72, -99, -1000, 0x7FFFFFFF, -0x7FFFFFFF, -0x7FFFFFFF - 1,
};
/* clang-format on */

START_TEST(error_unknown_number)
{
    const char *s = mqw_strerror(not_codes[_i]);
    ck_assert_ptr_nonnull(s);
    ck_assert_str_eq(s, "MQW_ERR_?");
}
END_TEST

/* ---- reason code names (5.0 Table 2-6) --------------------------------- */

typedef struct reason_row {
    uint8_t code;
    const char *name;
} reason_row;

/* Every code 5.0 defines, with the spec's own spelling; 0x00 has several
 * meanings (Success, Normal disconnection, Granted QoS 0) and takes the
 * generic one. */
/* clang-format off */
static const reason_row reason_table[] = {
    {0x00, "Success"},
    {0x01, "Granted QoS 1"},
    {0x02, "Granted QoS 2"},
    {0x04, "Disconnect with Will Message"},
    {0x10, "No matching subscribers"},
    {0x11, "No subscription existed"},
    {0x18, "Continue authentication"},
    {0x19, "Re-authenticate"},
    {0x80, "Unspecified error"},
    {0x81, "Malformed Packet"},
    {0x82, "Protocol Error"},
    {0x83, "Implementation specific error"},
    {0x84, "Unsupported Protocol Version"},
    {0x85, "Client Identifier not valid"},
    {0x86, "Bad User Name or Password"},
    {0x87, "Not authorized"},
    {0x88, "Server unavailable"},
    {0x89, "Server busy"},
    {0x8A, "Banned"},
    {0x8B, "Server shutting down"},
    {0x8C, "Bad authentication method"},
    {0x8D, "Keep Alive timeout"},
    {0x8E, "Session taken over"},
    {0x8F, "Topic Filter invalid"},
    {0x90, "Topic Name invalid"},
    {0x91, "Packet Identifier in use"},
    {0x92, "Packet Identifier not found"},
    {0x93, "Receive Maximum exceeded"},
    {0x94, "Topic Alias invalid"},
    {0x95, "Packet too large"},
    {0x96, "Message rate too high"},
    {0x97, "Quota exceeded"},
    {0x98, "Administrative action"},
    {0x99, "Payload format invalid"},
    {0x9A, "Retain not supported"},
    {0x9B, "QoS not supported"},
    {0x9C, "Use another server"},
    {0x9D, "Server moved"},
    {0x9E, "Shared Subscriptions not supported"},
    {0x9F, "Connection rate exceeded"},
    {0xA0, "Maximum connect time"},
    {0xA1, "Subscription Identifiers not supported"},
    {0xA2, "Wildcard Subscriptions not supported"},
};
/* clang-format on */

static const reason_row *reason_lookup(unsigned code)
{
    for (size_t i = 0; i < ARRAY_LEN(reason_table); i++)
        if (reason_table[i].code == code)
            return &reason_table[i];
    return NULL;
}

/* All 256 byte values: defined codes have the spec's name (compared
 * without regard to case, so a capitalisation choice is not a failure, but
 * the words must be the spec's), undefined ones the fixed fallback. */
START_TEST(reason_string_every_byte)
{
    uint8_t code = (uint8_t)_i;
    const char *s = mqw_reason_string(code);
    const reason_row *r = reason_lookup(code);
    ck_assert_ptr_nonnull(s);
    if (!r) {
        ck_assert_msg(strcmp(s, "Unknown reason code") == 0, "0x%02X: \"%s\"", code, s);
        return;
    }
    ck_assert_msg(strlen(s) == strlen(r->name), "0x%02X: \"%s\", want \"%s\"", code, s, r->name);
    for (size_t k = 0; r->name[k]; k++) {
        char a = s[k], b = r->name[k];
        if (a >= 'A' && a <= 'Z')
            a = (char)(a - 'A' + 'a');
        if (b >= 'A' && b <= 'Z')
            b = (char)(b - 'A' + 'a');
        ck_assert_msg(a == b, "0x%02X: \"%s\", want \"%s\"", code, s, r->name);
    }
}
END_TEST

/* Spot checks with exact spelling: the header's own example, and names
 * a log reader greps for. */
START_TEST(reason_string_exact)
{
    ck_assert_str_eq(mqw_reason_string(0x92), "Packet Identifier not found");
    ck_assert_str_eq(mqw_reason_string(0x00), "Success");
    ck_assert_str_eq(mqw_reason_string(0x81), "Malformed Packet");
    ck_assert_str_eq(mqw_reason_string(0x82), "Protocol Error");
    ck_assert_str_eq(mqw_reason_string(0x95), "Packet too large");
    ck_assert_str_eq(mqw_reason_string(0x03), "Unknown reason code");
    ck_assert_str_eq(mqw_reason_string(0xA3), "Unknown reason code");
    ck_assert_str_eq(mqw_reason_string(0xFF), "Unknown reason code");
}
END_TEST

/* Distinct codes have distinct names, so a log line identifies the code. */
START_TEST(reason_string_distinct)
{
    for (size_t i = 0; i < ARRAY_LEN(reason_table); i++)
        for (size_t j = i + 1; j < ARRAY_LEN(reason_table); j++)
            ck_assert_str_ne(mqw_reason_string(reason_table[i].code),
                             mqw_reason_string(reason_table[j].code));
}
END_TEST

/* Every reason code mqw_reason_code produces has a name. */
START_TEST(reason_code_of_error_is_named)
{
    uint8_t rc = mqw_reason_code(err_table[_i].code);
    if (rc != 0)
        ck_assert_ptr_nonnull(reason_lookup(rc));
}
END_TEST

/* ---- packet names ------------------------------------------------------ */

/* clang-format off */
static const char *const packet_names[] = {
    "?",           "CONNECT",  "CONNACK",  "PUBLISH", "PUBACK",     "PUBREC",
    "PUBREL",      "PUBCOMP",  "SUBSCRIBE", "SUBACK", "UNSUBSCRIBE", "UNSUBACK",
    "PINGREQ",     "PINGRESP", "DISCONNECT", "AUTH",  "?",
};
/* clang-format on */

START_TEST(packet_name)
{
    const char *s = mqw_packet_name(_i);
    ck_assert_ptr_nonnull(s);
    ck_assert_str_eq(s, packet_names[_i]);
}
END_TEST

START_TEST(packet_name_out_of_range)
{
    ck_assert_str_eq(mqw_packet_name(-1), "?");
    ck_assert_str_eq(mqw_packet_name(17), "?");
    ck_assert_str_eq(mqw_packet_name(255), "?");
    ck_assert_str_eq(mqw_packet_name(256 + MQW_PUBLISH), "?");
    ck_assert_str_eq(mqw_packet_name(-0x7FFFFFFF - 1), "?");
    ck_assert_str_eq(mqw_packet_name(0x7FFFFFFF), "?");
}
END_TEST

/* ---- version ----------------------------------------------------------- */

START_TEST(version_string)
{
    char decimal[40];
    ck_assert_ptr_nonnull(mqw_version());
    ck_assert_str_eq(mqw_version(), MQW_VERSION_STRING);
    /* The string is the three macros spelt as written; meson.build, pkg-config
     * and the soname read those spellings, so they must be plain decimals (no
     * leading zero, no suffix such as 1u). */
    snprintf(decimal, sizeof decimal, "%d.%d.%d", MQW_VERSION_MAJOR, MQW_VERSION_MINOR,
             MQW_VERSION_PATCH);
    ck_assert_str_eq(MQW_VERSION_STRING, decimal);
}
END_TEST

/* ---- reason codes allowed per packet (wire.h mqw_reason_allowed) ------- */

/* The 5.0 lists, written out from the per-packet tables of 5.0 section 3
 * (docs/rules.md rows CA-4, RC-1..RC-6, SA-3, US-4). 0x8C in DISCONNECT is
 * left out of both sides: C-26 lets a parser accept it while a builder
 * never emits it, so either answer of the table is defensible.
 *
 * RC-5 summarises the DISCONNECT list as "8D-A2", but the table of 5.0
 * section 3.14.2.1 has no 0x91 (Packet Identifier in use) or 0x92 (Packet
 * Identifier not found): those two belong to the publish acks, SUBACK and
 * UNSUBACK only. The list below follows the spec's table. */
typedef struct allowed_row {
    const char *name;
    int type;
    const char *codes; /* hex list */
} allowed_row;

/* clang-format off */
static const allowed_row allowed_table[] = {
    {"CA-4 CONNACK", MQW_CONNACK,
     "00 80 81 82 83 84 85 86 87 88 89 8A 8C 90 95 97 99 9A 9B 9C 9D 9F"},
    {"RC-1 PUBACK", MQW_PUBACK, "00 10 80 83 87 90 91 97 99"},
    {"RC-2 PUBREC", MQW_PUBREC, "00 10 80 83 87 90 91 97 99"},
    {"RC-3 PUBREL", MQW_PUBREL, "00 92"},
    {"RC-4 PUBCOMP", MQW_PUBCOMP, "00 92"},
    {"SA-3 SUBACK", MQW_SUBACK, "00 01 02 80 83 87 8F 91 97 9E A1 A2"},
    {"US-4 UNSUBACK", MQW_UNSUBACK, "00 11 80 83 87 8F 91"},
    {"RC-5 DISCONNECT", MQW_DISCONNECT,
     "00 04 80 81 82 83 87 89 8B 8D 8E 8F 90 93 94 95 96 97 98 99 9A 9B 9C 9D 9E 9F A0 A1 A2"},
    {"RC-6 AUTH", MQW_AUTH, "00 18 19"},
};
/* clang-format on */

START_TEST(reason_allowed_table)
{
    const allowed_row *r = &allowed_table[_i];
    uint8_t codes[64];
    size_t n = hex_decode(r->codes, codes, sizeof codes, NULL);
    for (unsigned code = 0; code < 256; code++) {
        if (r->type == MQW_DISCONNECT && code == 0x8C)
            continue;
        bool want = memchr(codes, (int)code, n) != NULL;
        ck_assert_msg(mqw_reason_allowed(r->type, (uint8_t)code) == want,
                      "%s: code 0x%02X allowed=%d, want %d", r->name, code, !want, want);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("error");
    TCase *tc;

    tc = tcase_create("error_number_and_name");
    tcase_add_loop_test(tc, error_number_and_name, 0, (int)ARRAY_LEN(err_table));
    suite_add_tcase(s, tc);

    tc = tcase_create("error_names_distinct");
    tcase_add_loop_test(tc, error_names_distinct, 0, (int)ARRAY_LEN(err_table));
    suite_add_tcase(s, tc);

    tc = tcase_create("error_reason_code");
    tcase_add_loop_test(tc, error_reason_code, 0, (int)ARRAY_LEN(err_table));
    tcase_add_loop_test(tc, reason_code_of_error_is_named, 0, (int)ARRAY_LEN(err_table));
    suite_add_tcase(s, tc);

    tc = tcase_create("error_unknown_number");
    tcase_add_loop_test(tc, error_unknown_number, 0, (int)ARRAY_LEN(not_codes));
    suite_add_tcase(s, tc);

    tc = tcase_create("reason_string");
    tcase_add_loop_test(tc, reason_string_every_byte, 0, 256);
    tcase_add_test(tc, reason_string_exact);
    tcase_add_test(tc, reason_string_distinct);
    suite_add_tcase(s, tc);

    tc = tcase_create("packet_name");
    tcase_add_loop_test(tc, packet_name, 0, (int)ARRAY_LEN(packet_names));
    tcase_add_test(tc, packet_name_out_of_range);
    suite_add_tcase(s, tc);

    tc = tcase_create("version");
    tcase_add_test(tc, version_string);
    suite_add_tcase(s, tc);

    tc = tcase_create("reason_allowed");
    tcase_add_loop_test(tc, reason_allowed_table, 0, (int)ARRAY_LEN(allowed_table));
    suite_add_tcase(s, tc);

    return suite_main(s);
}
