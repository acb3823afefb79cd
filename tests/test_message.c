/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/*
 * Tests for lib/message.c: mqw_diag_format, the messages people read. One
 * table of (error, diag, where it came from) with the text expected from
 * each build of the library: the full one, -DMQW_NO_NAMES, -DMQW_NO_RULE_IDS
 * and both (tests/meson.build compiles this file once per build, with
 * MQW_TEST_NO_NAMES / MQW_TEST_NO_RULE_IDS saying which it links). Every
 * row is also written into every capacity from 0 to its length + 1, with
 * canary bytes around, for the snprintf contract.
 *
 * The sentences are written out by hand from docs/rules.md; that the table
 * inside lib/message.c is the catalogue's is tests/check-rules.py's job.
 *
 * The knob builds link lib/message.c and lib/error.c alone, so this file
 * uses nothing else of the library, nor tests/util.c.
 */
#include <check.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "mqttwire.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#if defined(MQW_TEST_NO_NAMES) && defined(MQW_TEST_NO_RULE_IDS)
#define WANT(r) ((r)->no_both ? (r)->no_both : (r)->no_names)
#elif defined(MQW_TEST_NO_NAMES)
#define WANT(r) ((r)->no_names)
#elif defined(MQW_TEST_NO_RULE_IDS)
#define WANT(r) ((r)->no_ids ? (r)->no_ids : (r)->full)
#else
#define WANT(r) ((r)->full)
#endif

#define PARSE MQW_DIAG_PARSE
#define BUILD MQW_DIAG_BUILD
#define RS MQW_DROPPED_REASON_STRING
#define UP MQW_DROPPED_USER_PROPERTY
/* "\302\247" is the section sign, U+00A7, in UTF-8. */
#define SECT "\302\247"

typedef struct msg_row {
    const char *name;
    int err;
    bool has_diag;
    size_t offset;
    const char *rule;
    unsigned dropped;
    int from;
    const char *full;     /* the library as it is built by default */
    const char *no_names; /* -DMQW_NO_NAMES */
    const char *no_ids;   /* -DMQW_NO_RULE_IDS; NULL: as `full` (no rule) */
    const char *no_both;  /* both knobs; NULL: as `no_names` (no rule) */
} msg_row;

/* clang-format off */
static const msg_row msg_table[] = {
    /* A parse error with its rule: sentence, id, reference, byte. */
    {"PUB-3 '#' in a Topic Name, parsed", MQW_ERR_TOPIC_NAME, true, 6, "PUB-3", 0, PARSE,
     "A Topic Name must not contain '#' (PUB-3, MQTT-3.3.2-2) at byte 6",
     "MQW_ERR_TOPIC_NAME (PUB-3) at byte 6",
     "The Topic Name is empty or holds a wildcard at byte 6",
     "MQW_ERR_TOPIC_NAME at byte 6"},
    {"FH-17 QoS 3 at byte 0", MQW_ERR_QOS, true, 0, "FH-17", 0, PARSE,
     "A PUBLISH must not set both QoS bits: there is no QoS 3 (FH-17, MQTT-3.3.1-4, 5.0 "
     SECT "3.3.1.2) at byte 0",
     "MQW_ERR_QOS (FH-17) at byte 0",
     "QoS 3 does not exist at byte 0",
     "MQW_ERR_QOS at byte 0"},
    {"FH-15 references by section, with the section sign", MQW_ERR_PACKET_TYPE, true, 0,
     "FH-15", 0, PARSE,
     "Packet type 0 is reserved and never valid (FH-15, 3.1.1 " SECT "2.2.1, 5.0 " SECT
     "2.1.2) at byte 0",
     "MQW_ERR_PACKET_TYPE (FH-15) at byte 0",
     "The packet type is reserved or not the one expected at byte 0",
     "MQW_ERR_PACKET_TYPE at byte 0"},
    {"CN-3 unsupported level of a CONNECT", MQW_ERR_PROTOCOL_VERSION, true, 8, "CN-3", 0, PARSE,
     "The protocol level must be one the receiver supports (CN-3, MQTT-3.1.2-2) at byte 8",
     "MQW_ERR_PROTOCOL_VERSION (CN-3) at byte 8",
     "Unsupported protocol level at byte 8",
     "MQW_ERR_PROTOCOL_VERSION at byte 8"},
    {"31-15 a 3.1 row, a multi-digit offset", MQW_ERR_EMPTY, true, 268435460, "31-15", 0, PARSE,
     "A 3.1 SUBSCRIBE or UNSUBSCRIBE may be empty; refused only with MQW_STRICT_V31 (31-15, "
     "3.1 SUBSCRIBE, as mosquitto) at byte 268435460",
     "MQW_ERR_EMPTY (31-15) at byte 268435460",
     "A list that needs at least one entry is empty at byte 268435460",
     "MQW_ERR_EMPTY at byte 268435460"},
    {"C-13 the limits group judges bytes too", MQW_ERR_PAYLOAD_UTF8, true, 9, NULL, 0, PARSE,
     "The payload is marked UTF-8 but is not at byte 9",
     "MQW_ERR_PAYLOAD_UTF8 at byte 9", NULL, NULL},

    /* No rule: the error's own sentence. */
    {"no rule: TOO_LARGE at its byte", MQW_ERR_TOO_LARGE, true, 1, NULL, 0, PARSE,
     "The packet is larger than the maximum packet size at byte 1",
     "MQW_ERR_TOO_LARGE at byte 1", NULL, NULL},
    {"no diag: no position", MQW_ERR_SHORT, false, 0, NULL, 0, PARSE,
     "A field runs past the end of the packet", "MQW_ERR_SHORT", NULL, NULL},
    {"an id the table lacks (a newer module's): the error's sentence and the id",
     MQW_ERR_PROTOCOL, true, 2, "ZZ-1", 0, PARSE,
     "Protocol error (ZZ-1) at byte 2", "MQW_ERR_PROTOCOL (ZZ-1) at byte 2",
     "Protocol error at byte 2", "MQW_ERR_PROTOCOL at byte 2"},

    /* Builders: the offset is no position. */
    {"PUB-3 refused by a builder", MQW_ERR_TOPIC_NAME, true, 0, "PUB-3", 0, BUILD,
     "A Topic Name must not contain '#' (PUB-3, MQTT-3.3.2-2)",
     "MQW_ERR_TOPIC_NAME (PUB-3)",
     "The Topic Name is empty or holds a wildcard", "MQW_ERR_TOPIC_NAME"},
    {"STR-10 ARG refusal of a builder", MQW_ERR_ARG, true, 0, "STR-10", 0, BUILD,
     "A string or binary field is at most 65,535 bytes long (STR-10, 3.1.1 " SECT "1.5.3, 5.0 "
     SECT "1.5.4)",
     "MQW_ERR_ARG (STR-10)", "Invalid argument", "MQW_ERR_ARG"},
    {"a `from` that is not MQW_DIAG_PARSE counts as a build", MQW_ERR_UTF8, true, 4, "STR-1",
     0, 7,
     "A UTF-8 string must not hold a stray byte or a missing continuation byte (STR-1, 3.1.1 "
     "MQTT-1.5.3-1, 5.0 MQTT-1.5.4-1)",
     "MQW_ERR_UTF8 (STR-1)", "A string is not valid MQTT UTF-8", "MQW_ERR_UTF8"},
    {"DL-1 from the delivery rules: no position", MQW_ERR_ACK_UNKNOWN, true, 0, "DL-1", 0,
     MQW_DIAG_SESSION,
     "A PUBACK, PUBREC, PUBCOMP, SUBACK or UNSUBACK must carry the Packet Identifier of a packet "
     "still in flight (DL-1, 3.1.1 MQTT-2.3.1-6, 5.0 MQTT-2.2.1-5)",
     "MQW_ERR_ACK_UNKNOWN (DL-1)",
     "The ack names a Packet Identifier that is not in flight", "MQW_ERR_ACK_UNKNOWN"},
    {"builder without a diag", MQW_ERR_PACKET_ID, false, 0, NULL, 0, BUILD,
     "Packet Identifier 0 where one is required", "MQW_ERR_PACKET_ID", NULL, NULL},
    {"NOSPACE from a build", MQW_ERR_NOSPACE, true, 0, NULL, 0, BUILD,
     "The output buffer is too small", "MQW_ERR_NOSPACE", NULL, NULL},
    {"OK with the Reason String dropped", MQW_OK, true, 0, NULL, RS, BUILD,
     "No error; dropped the Reason String to fit the Maximum Packet Size",
     "MQW_OK (dropped MQW_DROPPED_REASON_STRING)", NULL, NULL},
    {"OK with the User Properties dropped", MQW_OK, true, 0, NULL, UP, BUILD,
     "No error; dropped the User Properties to fit the Maximum Packet Size",
     "MQW_OK (dropped MQW_DROPPED_USER_PROPERTY)", NULL, NULL},
    {"NOSPACE after trimming both", MQW_ERR_NOSPACE, true, 0, NULL, RS | UP, BUILD,
     "The output buffer is too small; dropped the Reason String and the User Properties to "
     "fit the Maximum Packet Size",
     "MQW_ERR_NOSPACE (dropped MQW_DROPPED_REASON_STRING MQW_DROPPED_USER_PROPERTY)", NULL,
     NULL},
    {"dropped bits that mean nothing are not mentioned", MQW_OK, true, 0, NULL, 0x80, BUILD,
     "No error", "MQW_OK", NULL, NULL},

    /* Results that are no verdict on bytes: no position, even from a parse. */
    {"MQW_OK from a parse", MQW_OK, true, 0, NULL, 0, PARSE, "No error", "MQW_OK", NULL, NULL},
    {"NEED_MORE from a parse", MQW_ERR_NEED_MORE, true, 0, NULL, 0, PARSE,
     "The packet is incomplete: more bytes are needed", "MQW_ERR_NEED_MORE", NULL, NULL},
    {"ARG from a parse (out NULL)", MQW_ERR_ARG, true, 0, NULL, 0, PARSE, "Invalid argument",
     "MQW_ERR_ARG", NULL, NULL},

    /* Numbers that are not codes. */
    {"unknown -99", -99, true, 3, NULL, 0, PARSE, "Unknown error code -99", "MQW_ERR_? -99",
     NULL, NULL},
    {"unknown 5", 5, false, 0, NULL, 0, PARSE, "Unknown error code 5", "MQW_ERR_? 5", NULL,
     NULL},
    {"unknown -25 is in the malformed group: a position", -25, true, 3, NULL, 0, PARSE,
     "Unknown error code -25 at byte 3", "MQW_ERR_? -25 at byte 3", NULL, NULL},
    {"unknown -9 is outside it: no position", -9, true, 3, NULL, 0, PARSE,
     "Unknown error code -9", "MQW_ERR_? -9", NULL, NULL},
    {"unknown -69, the last of the limits group: a position", -69, true, 3, NULL, 0, PARSE,
     "Unknown error code -69 at byte 3", "MQW_ERR_? -69 at byte 3", NULL, NULL},
    {"MALFORMED -10, the first of the groups: a position", MQW_ERR_MALFORMED, true, 0, NULL, 0,
     PARSE, "Malformed packet at byte 0", "MQW_ERR_MALFORMED at byte 0", NULL, NULL},
};
/* clang-format on */

/* The whole message into a buffer with room to spare. */
START_TEST(message_text)
{
    const msg_row *r = &msg_table[_i];
    mqw_diag diag = {r->offset, r->rule, r->dropped};
    char buf[512];
    size_t len = 12345;
    int rc = mqw_diag_format(buf, sizeof buf, r->err, r->has_diag ? &diag : NULL, r->from, &len);
    ck_assert_msg(rc == MQW_OK, "%s: result %d", r->name, rc);
    ck_assert_msg(strcmp(buf, WANT(r)) == 0, "%s:\n got  \"%s\"\n want \"%s\"", r->name, buf,
                  WANT(r));
    ck_assert_msg(len == strlen(WANT(r)), "%s: len %zu, want %zu", r->name, len, strlen(WANT(r)));
}
END_TEST

/* Every capacity from 0 to the length + 1: at most cap bytes written, the
 * NUL included, the message's prefix, the full length reported, and the
 * canary bytes after buf[cap] untouched. */
START_TEST(message_every_capacity)
{
    const msg_row *r = &msg_table[_i];
    mqw_diag diag = {r->offset, r->rule, r->dropped};
    const mqw_diag *d = r->has_diag ? &diag : NULL;
    const char *want = WANT(r);
    size_t n = strlen(want), cases = 0;
    char area[600];
    ck_assert_uint_lt(n + 2, sizeof area);
    for (size_t cap = 0; cap <= n + 1; cap++, cases++) {
        memset(area, 0xA5, sizeof area);
        char *buf = area + 1; /* a canary before buf too */
        size_t len = 12345;
        int rc = mqw_diag_format(buf, cap, r->err, d, r->from, &len);
        ck_assert_msg(rc == (cap > n ? MQW_OK : MQW_ERR_NOSPACE), "%s cap %zu: result %d", r->name,
                      cap, rc);
        ck_assert_msg(len == n, "%s cap %zu: len %zu, want %zu", r->name, cap, len, n);
        ck_assert_msg((unsigned char)area[0] == 0xA5, "%s cap %zu: byte before buf", r->name, cap);
        if (cap > 0) {
            size_t kept = cap - 1 < n ? cap - 1 : n;
            ck_assert_msg(memcmp(buf, want, kept) == 0, "%s cap %zu: not the prefix", r->name, cap);
            ck_assert_msg(buf[kept] == '\0', "%s cap %zu: no NUL at %zu", r->name, cap, kept);
        }
        size_t i = cap;
        while (i < sizeof area - 1 && (unsigned char)buf[i] == 0xA5)
            i++;
        ck_assert_msg(i == sizeof area - 1, "%s cap %zu: byte %zu written", r->name, cap, i);
    }
    ck_assert_uint_eq(cases, n + 2);
}
END_TEST

/* buf NULL is a size query whatever cap says; len may be NULL. */
START_TEST(message_size_query)
{
    const msg_row *r = &msg_table[_i];
    mqw_diag diag = {r->offset, r->rule, r->dropped};
    const mqw_diag *d = r->has_diag ? &diag : NULL;
    size_t len = 0;
    ck_assert_int_eq(mqw_diag_format(NULL, 0, r->err, d, r->from, &len), MQW_ERR_NOSPACE);
    ck_assert_uint_eq(len, strlen(WANT(r)));
    len = 0;
    ck_assert_int_eq(mqw_diag_format(NULL, 1000, r->err, d, r->from, &len), MQW_ERR_NOSPACE);
    ck_assert_uint_eq(len, strlen(WANT(r)));
    char buf[512];
    ck_assert_int_eq(mqw_diag_format(buf, sizeof buf, r->err, d, r->from, NULL), MQW_OK);
    ck_assert_str_eq(buf, WANT(r));
}
END_TEST

/* Every error code of mqttwire.h has a message of its own: a sentence in
 * the full library (never the unknown-number text), its constant under
 * MQW_NO_NAMES. */
static const int all_codes[] = {
    MQW_OK,
    MQW_ERR_NEED_MORE,
    MQW_ERR_NOSPACE,
    MQW_ERR_FULL,
    MQW_ERR_MALFORMED,
    MQW_ERR_PACKET_TYPE,
    MQW_ERR_FLAGS,
    MQW_ERR_QOS,
    MQW_ERR_VARINT,
    MQW_ERR_SHORT,
    MQW_ERR_TRAILING,
    MQW_ERR_UTF8,
    MQW_ERR_TOPIC_NAME,
    MQW_ERR_TOPIC_FILTER,
    MQW_ERR_PROPERTY_ID,
    MQW_ERR_CONNECT_FLAGS,
    MQW_ERR_RESERVED,
    MQW_ERR_PROTOCOL,
    MQW_ERR_PACKET_ID,
    MQW_ERR_EMPTY,
    MQW_ERR_REASON_CODE,
    MQW_ERR_PROPERTY_NOT_ALLOWED,
    MQW_ERR_PROPERTY_DUPLICATE,
    MQW_ERR_PROPERTY_VALUE,
    MQW_ERR_DIRECTION,
    MQW_ERR_TOPIC_ALIAS,
    MQW_ERR_SESSION_PRESENT,
    MQW_ERR_SUB_OPTIONS,
    MQW_ERR_AUTH_METHOD,
    MQW_ERR_ACK_UNKNOWN,
    MQW_ERR_ACK_STATE,
    MQW_ERR_ACK_COUNT,
    MQW_ERR_RECEIVE_MAXIMUM,
    MQW_ERR_ALIAS_UNKNOWN,
    MQW_ERR_PROTOCOL_NAME,
    MQW_ERR_PROTOCOL_VERSION,
    MQW_ERR_CLIENT_ID,
    MQW_ERR_TOO_LARGE,
    MQW_ERR_PAYLOAD_UTF8,
    MQW_ERR_QUOTA,
    MQW_ERR_KEEP_ALIVE,
    MQW_ERR_RESEND_LIMIT,
    MQW_ERR_ARG,
    MQW_ERR_STATE,
};

START_TEST(message_of_every_code)
{
    int err = all_codes[_i];
    char buf[200], other[200];
    ck_assert_int_eq(mqw_diag_format(buf, sizeof buf, err, NULL, MQW_DIAG_BUILD, NULL), MQW_OK);
#ifdef MQW_TEST_NO_NAMES
    ck_assert_str_eq(buf, mqw_strerror(err));
#else
    ck_assert_msg(strncmp(buf, "Unknown error code", 18) != 0, "%s: %s", mqw_strerror(err), buf);
    ck_assert_msg(strlen(buf) > 5 && buf[0] >= 'A' && buf[0] <= 'Z', "%s: \"%s\"",
                  mqw_strerror(err), buf);
#endif
    /* No two codes share a message. */
    for (size_t j = 0; j < (size_t)_i; j++) {
        mqw_diag_format(other, sizeof other, all_codes[j], NULL, MQW_DIAG_BUILD, NULL);
        ck_assert_msg(strcmp(buf, other) != 0, "%s and %s: \"%s\"", mqw_strerror(err),
                      mqw_strerror(all_codes[j]), buf);
    }
}
END_TEST

/* The extremes of int, whose magnitude does not fit in an int. */
START_TEST(message_int_extremes)
{
    static const int numbers[] = {INT_MIN, INT_MAX};
    for (size_t i = 0; i < ARRAY_LEN(numbers); i++) {
        char buf[64], want[64];
#ifdef MQW_TEST_NO_NAMES
        snprintf(want, sizeof want, "MQW_ERR_? %d", numbers[i]);
#else
        snprintf(want, sizeof want, "Unknown error code %d", numbers[i]);
#endif
        ck_assert_int_eq(mqw_diag_format(buf, sizeof buf, numbers[i], NULL, MQW_DIAG_PARSE, NULL),
                         MQW_OK);
        ck_assert_str_eq(buf, want);
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("message");
    TCase *tc = tcase_create("diag_format");
    tcase_add_loop_test(tc, message_text, 0, (int)ARRAY_LEN(msg_table));
    tcase_add_loop_test(tc, message_every_capacity, 0, (int)ARRAY_LEN(msg_table));
    tcase_add_loop_test(tc, message_size_query, 0, (int)ARRAY_LEN(msg_table));
    tcase_add_loop_test(tc, message_of_every_code, 0, (int)ARRAY_LEN(all_codes));
    tcase_add_test(tc, message_int_extremes);
    suite_add_tcase(s, tc);

    SRunner *sr = srunner_create(s);
    srunner_set_fork_status(sr, CK_NOFORK);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? 1 : 0;
}
