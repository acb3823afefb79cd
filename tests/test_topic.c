/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/*
 * Tests for lib/topic.c: Topic Name and Topic Filter validation (public
 * checks and the wire.h scans), shared subscriptions and topic matching.
 * docs/rules.md rows PUB-2, PUB-3, PUB-4, PUB-14, TF-1..TF-16, STR-6 (and
 * STR-1, STR-8, STR-14 for the UTF-8 part of topics).
 *
 * Expectations come from MQTT 3.1.1 section 4.7 / 5.0 sections 4.7 and
 * 4.8.2; the brute-force test compares mqw_topic_matches with a naive
 * recursive matcher written here.
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

/* Version sets for table rows. */
#define V31 (1u << 0)
#define V311 (1u << 1)
#define V50 (1u << 2)
#define V3X (V31 | V311)
#define VALL (V31 | V311 | V50)

/* clang-format off */
static const int versions[3] = {MQW_V31, MQW_V311, MQW_V5};
static const char *const version_names[3] = {"3.1", "3.1.1", "5.0"};
/* clang-format on */

/* ---- Topic Names ------------------------------------------------------- */

typedef struct name_vec {
    const char *name;
    mqw_bytes topic;
    uint32_t flags;
    int err;
    size_t offset; /* index of the offending byte in the topic */
    const char *rule;
} name_vec;

/* clang-format off */
static const name_vec name_table[] = {
    {"PUB-2 '+' inside a level", S("a+b"), 0, MQW_ERR_TOPIC_NAME, 1, "PUB-2"},
    {"PUB-2 '+' as a whole level", S("a/+"), 0, MQW_ERR_TOPIC_NAME, 2, "PUB-2"},
    {"PUB-2 '+' alone", S("+"), 0, MQW_ERR_TOPIC_NAME, 0, "PUB-2"},
    {"PUB-2 '+' first level", S("+/a"), 0, MQW_ERR_TOPIC_NAME, 0, "PUB-2"},
    {"PUB-2 first of several wildcards", S("a/b/+/#"), 0, MQW_ERR_TOPIC_NAME, 4, "PUB-2"},
    {"PUB-3 '#' as last level", S("a/#"), 0, MQW_ERR_TOPIC_NAME, 2, "PUB-3"},
    {"PUB-3 '#' alone", S("#"), 0, MQW_ERR_TOPIC_NAME, 0, "PUB-3"},
    {"PUB-3 '#' inside a level", S("a#b"), 0, MQW_ERR_TOPIC_NAME, 1, "PUB-3"},
    {"PUB-3 '#' after multi-byte", S("\xC3\xA9#"), 0, MQW_ERR_TOPIC_NAME, 2, "PUB-3"},
    {"PUB-4 empty Topic Name", S(""), 0, MQW_ERR_TOPIC_NAME, 0, "PUB-4"},
    {"PUB-14 $SYS topic is well-formed", S("$SYS/x"), 0, MQW_OK, 0, NULL},
    {"PUB-14 '$' alone", S("$"), 0, MQW_OK, 0, NULL},
    {"PUB-14 $share is an ordinary name", S("$share/g/a"), 0, MQW_OK, 0, NULL},
    {"PUB-2 one character", S("a"), 0, MQW_OK, 0, NULL},
    {"PUB-2 single separator (two empty levels)", S("/"), 0, MQW_OK, 0, NULL},
    {"PUB-2 empty levels", S("a//b/"), 0, MQW_OK, 0, NULL},
    {"PUB-2 spaces and case are significant characters", S(" A b "), 0, MQW_OK, 0, NULL},
    {"PUB-2 multi-byte levels", S("\xE2\x82\xAC/\xF0\x9F\x8C\x8D"), 0, MQW_OK, 0, NULL},
    {"STR-6 U+0000 in a Topic Name", S("a\0b"), 0, MQW_ERR_UTF8, 1, "STR-6"},
    {"STR-6 U+0000 alone", S("\0"), 0, MQW_ERR_UTF8, 0, "STR-6"},
    {"STR-1 ill-formed UTF-8 in a Topic Name", S("a/\xC3\x28"), 0, MQW_ERR_UTF8, 2, NULL},
    {"STR-1 ill-formed before a wildcard", S("\xFF+"), 0, MQW_ERR_UTF8, 0, NULL},
    {"STR-8 control char accepted by default", S("a\x01"), 0, MQW_OK, 0, NULL},
    {"STR-8 control char with MQW_STRICT_UTF8", S("a\x01"), MQW_STRICT_UTF8, MQW_ERR_UTF8, 1,
     "STR-8"},
    {"STR-8 non-character with MQW_STRICT_UTF8", S("a/\xEF\xBF\xBF"), MQW_STRICT_UTF8,
     MQW_ERR_UTF8, 2, "STR-8"},
};
/* clang-format on */

static void check_name(const name_vec *v, mqw_bytes topic)
{
    mqw_diag d = {999, "unset", 0};
    int rc = mqw_topic_name_check(topic, v->flags, &d);
    ck_assert_msg(rc == v->err, "%s: %s, want %s", v->name, mqw_strerror(rc), mqw_strerror(v->err));
    if (v->err) {
        ck_assert_msg(d.offset == v->offset, "%s: offset %zu, want %zu", v->name, d.offset,
                      v->offset);
        if (v->rule)
            ck_assert_msg(d.rule && strcmp(d.rule, v->rule) == 0, "%s: rule %s, want %s", v->name,
                          d.rule ? d.rule : "NULL", v->rule);
        else
            ck_assert_msg(d.rule != NULL, "%s: no rule", v->name);
    }
    ck_assert_int_eq(mqw_topic_name_check(topic, v->flags, NULL), v->err);

    /* The internal scan the parsers use says the same. */
    size_t bad = 12345;
    const char *rule = "unset";
    rc = mqw_topic_name_scan(topic.ptr, topic.len, v->flags, &bad, &rule);
    ck_assert_msg(rc == v->err, "%s: scan %s", v->name, mqw_strerror(rc));
    if (v->err) {
        ck_assert_msg(bad == v->offset, "%s: scan bad %zu, want %zu", v->name, bad, v->offset);
        if (v->rule)
            ck_assert_msg(rule && strcmp(rule, v->rule) == 0, "%s: scan rule %s", v->name,
                          rule ? rule : "NULL");
    }
}

START_TEST(topic_name_table)
{
    const name_vec *v = &name_table[_i];
    check_name(v, v->topic);
    /* Again from a copy that ends at an unreadable page. */
    if (v->topic.len) {
        uint8_t *g = guard_alloc(v->topic.ptr, v->topic.len);
        mqw_bytes t = {g, v->topic.len};
        check_name(v, t);
        guard_free(g, v->topic.len);
    }
}
END_TEST

/* Names of every length 1..80 made of 'a', with one byte replaced at every
 * position: a word-at-a-time or SIMD fast path for plain names must hand
 * every such byte to the full check, with the exact offset, and never read
 * past the end (copies that end at an unreadable page, with the byte first
 * and last). */
typedef struct name_byte {
    const char *name;
    uint8_t byte;
    uint32_t flags;
    int err;
    const char *rule;
} name_byte;

/* clang-format off */
static const name_byte name_bytes[] = {
    {"PUB-2 '+'", '+', 0, MQW_ERR_TOPIC_NAME, "PUB-2"},
    {"PUB-3 '#'", '#', 0, MQW_ERR_TOPIC_NAME, "PUB-3"},
    {"STR-6 U+0000", 0x00, 0, MQW_ERR_UTF8, "STR-6"},
    {"STR-4 FF", 0xFF, 0, MQW_ERR_UTF8, "STR-4"},
    {"STR-1 stray continuation", 0x80, 0, MQW_ERR_UTF8, "STR-1"},
    {"STR-8 DEL strict", 0x7F, MQW_STRICT_UTF8, MQW_ERR_UTF8, "STR-8"},
    {"STR-8 TAB strict", 0x09, MQW_STRICT_UTF8, MQW_ERR_UTF8, "STR-8"},
    {"PUB-2 DEL lenient", 0x7F, 0, MQW_OK, NULL},
    {"PUB-2 space", ' ', 0, MQW_OK, NULL},
    {"PUB-2 '*' (just below the plain range)", '*', 0, MQW_OK, NULL},
    {"PUB-2 ',' (plain range start)", ',', 0, MQW_OK, NULL},
    {"PUB-2 '~' (plain range end)", '~', 0, MQW_OK, NULL},
    {"PUB-14 '$'", '$', 0, MQW_OK, NULL},
};
/* clang-format on */

START_TEST(topic_name_every_position)
{
    size_t n = (size_t)_i + 1;
    uint8_t s[80];
    for (size_t b = 0; b < ARRAY_LEN(name_bytes); b++) {
        const name_byte *nb = &name_bytes[b];
        for (size_t k = 0; k < n; k++) {
            memset(s, 'a', n);
            s[k] = nb->byte;
            name_vec v = {nb->name, {s, n}, nb->flags, nb->err, k, nb->rule};
            check_name(&v, v.topic);
            if (k == 0 || k + 1 == n) {
                uint8_t *g = guard_alloc(s, n);
                mqw_bytes t = {g, n};
                check_name(&v, t);
                guard_free(g, n);
            }
        }
        /* A two-byte character at every position is fine. */
        if (n >= 2) {
            for (size_t k = 0; k + 1 < n; k++) {
                memset(s, 'a', n);
                s[k] = 0xC3, s[k + 1] = 0xA9;
                mqw_bytes t = {s, n};
                ck_assert_int_eq(mqw_topic_name_check(t, MQW_STRICT_UTF8, NULL), MQW_OK);
            }
        }
    }
}
END_TEST

/* PUB-2/3/4/14 on the wire: the CONFORMANCE examples (3.1.1) and their 3.1
 * and 5.0 forms. The offset counts from the packet's first byte; an empty
 * Topic Name is blamed on its length prefix. */
/* clang-format off */
static const vec publish_table[] = {
    {.name = "PUB-2 '+' in Topic Name (3.1.1)", .version = MQW_V311,
     .hex = "30 05  00 03 61 2B 62", .err = MQW_ERR_TOPIC_NAME, .offset = 5, .rule = "PUB-2"},
    {.name = "PUB-2 '+' in Topic Name (3.1)", .version = MQW_V31,
     .hex = "30 05  00 03 61 2B 62", .err = MQW_ERR_TOPIC_NAME, .offset = 5, .rule = "PUB-2"},
    {.name = "PUB-2 '+' in Topic Name (5.0)", .version = MQW_V5,
     .hex = "30 06  00 03 61 2B 62  00", .err = MQW_ERR_TOPIC_NAME, .offset = 5,
     .rule = "PUB-2"},
    {.name = "PUB-3 '#' in Topic Name (3.1.1)", .version = MQW_V311,
     .hex = "30 05  00 03 61 2F 23", .err = MQW_ERR_TOPIC_NAME, .offset = 6, .rule = "PUB-3"},
    {.name = "PUB-3 '#' in Topic Name (3.1)", .version = MQW_V31,
     .hex = "30 05  00 03 61 2F 23", .err = MQW_ERR_TOPIC_NAME, .offset = 6, .rule = "PUB-3"},
    {.name = "PUB-3 '#' in Topic Name (5.0)", .version = MQW_V5,
     .hex = "30 06  00 03 61 2F 23  00", .err = MQW_ERR_TOPIC_NAME, .offset = 6,
     .rule = "PUB-3"},
    {.name = "PUB-3 '#' in a QoS 1 Topic Name (3.1.1)", .version = MQW_V311,
     .hex = "32 07  00 03 61 2F 23  00 01", .err = MQW_ERR_TOPIC_NAME, .offset = 6,
     .rule = "PUB-3"},
    {.name = "PUB-4 empty Topic Name (3.1.1)", .version = MQW_V311, .hex = "30 02  00 00",
     .err = MQW_ERR_TOPIC_NAME, .offset = 2, .rule = "PUB-4"},
    {.name = "PUB-4 empty Topic Name (3.1)", .version = MQW_V31, .hex = "30 02  00 00",
     .err = MQW_ERR_TOPIC_NAME, .offset = 2, .rule = "PUB-4"},
    {.name = "PUB-4 empty Topic Name with payload (3.1.1)", .version = MQW_V311,
     .hex = "30 04  00 00  61 62", .err = MQW_ERR_TOPIC_NAME, .offset = 2, .rule = "PUB-4"},
    {.name = "PUB-14 $SYS Topic Name accepted (3.1.1)", .version = MQW_V311,
     .hex = "30 08  00 06 24 53 59 53 2F 78", .err = MQW_OK,
     .pkt = {.type = MQW_PUBLISH, .u.publish = {.topic = S("$SYS/x")}}},
    {.name = "PUB-14 $SYS Topic Name accepted (3.1)", .version = MQW_V31,
     .hex = "30 08  00 06 24 53 59 53 2F 78", .err = MQW_OK,
     .pkt = {.type = MQW_PUBLISH, .u.publish = {.topic = S("$SYS/x")}}},
    {.name = "PUB-14 $SYS Topic Name accepted (5.0)", .version = MQW_V5,
     .hex = "30 09  00 06 24 53 59 53 2F 78  00", .err = MQW_OK,
     .pkt = {.type = MQW_PUBLISH, .u.publish = {.topic = S("$SYS/x")}}},
    {.name = "STR-6 U+0000 in Topic Name (3.1.1)", .version = MQW_V311,
     .hex = "30 05  00 03 61 00 62", .err = MQW_ERR_UTF8, .offset = 5, .rule = "STR-6"},
};
/* clang-format on */

VEC_LOOP_TEST(topic_publish, publish_table)

/* clang-format off */
static const bvec publish_refuse_table[] = {
    {.name = "PUB-2 build refuses '+' in Topic Name", .version = MQW_V311,
     .pkt = {.type = MQW_PUBLISH, .u.publish = {.topic = S("a+b")}},
     .err = MQW_ERR_TOPIC_NAME, .rule = "PUB-2"},
    {.name = "PUB-2 build refuses '+' level (5.0)", .version = MQW_V5,
     .pkt = {.type = MQW_PUBLISH, .u.publish = {.topic = S("a/+")}},
     .err = MQW_ERR_TOPIC_NAME, .rule = "PUB-2"},
    {.name = "PUB-3 build refuses '#' in Topic Name", .version = MQW_V31,
     .pkt = {.type = MQW_PUBLISH, .u.publish = {.topic = S("a/#")}},
     .err = MQW_ERR_TOPIC_NAME, .rule = "PUB-3"},
    {.name = "PUB-3 build refuses '#' in Topic Name (5.0, QoS 1)", .version = MQW_V5,
     .pkt = {.type = MQW_PUBLISH, .u.publish = {.qos = 1, .packet_id = 1, .topic = S("#")}},
     .err = MQW_ERR_TOPIC_NAME, .rule = "PUB-3"},
    {.name = "PUB-4 build refuses empty Topic Name (3.1.1)", .version = MQW_V311,
     .pkt = {.type = MQW_PUBLISH, .u.publish = {.topic = S("")}},
     .err = MQW_ERR_TOPIC_NAME, .rule = "PUB-4"},
    {.name = "PUB-4 build refuses empty Topic Name (3.1)", .version = MQW_V31,
     .pkt = {.type = MQW_PUBLISH, .u.publish = {.topic = S("")}},
     .err = MQW_ERR_TOPIC_NAME, .rule = "PUB-4"},
    {.name = "STR-6 build refuses U+0000 in Topic Name", .version = MQW_V311,
     .pkt = {.type = MQW_PUBLISH, .u.publish = {.topic = S("a\0")}}, .err = MQW_ERR_UTF8,
     .rule = "STR-6"},
};
/* clang-format on */

BVEC_LOOP_TEST(topic_publish_refuse, publish_refuse_table)

/* ---- Topic Filters ----------------------------------------------------- */

typedef struct filter_vec {
    const char *name;
    mqw_bytes filter;
    unsigned versions; /* V31 / V311 / V50 bits this row applies to */
    uint32_t flags;
    int err;
    size_t offset; /* index of the offending byte in the filter */
    const char *rule;
} filter_vec;

#define TFE MQW_ERR_TOPIC_FILTER

/* clang-format off */
static const filter_vec filter_table[] = {
    /* TF-1: '#' must be alone in its level. */
    {"TF-1 'a#'", S("a#"), VALL, 0, TFE, 1, "TF-1"},
    {"TF-1 'a/b#'", S("a/b#"), VALL, 0, TFE, 3, "TF-1"},
    {"TF-5 '+#'", S("+#"), VALL, 0, TFE, 0, "TF-5"},
    /* TF-2: '#' must be last. */
    {"TF-2 'a/#/b'", S("a/#/b"), VALL, 0, TFE, 2, "TF-2"},
    {"TF-2 '#/a'", S("#/a"), VALL, 0, TFE, 0, "TF-2"},
    {"TF-2 'a/#/' (trailing separator)", S("a/#/"), VALL, 0, TFE, 2, "TF-2"},
    {"TF-2 '##'", S("##"), VALL, 0, TFE, 0, "TF-2"},
    /* TF-3: valid multi-level wildcards. */
    {"TF-3 '#'", S("#"), VALL, 0, MQW_OK, 0, NULL},
    {"TF-3 'a/#'", S("a/#"), VALL, 0, MQW_OK, 0, NULL},
    {"TF-3 '/#'", S("/#"), VALL, 0, MQW_OK, 0, NULL},
    {"TF-3 '+/#'", S("+/#"), VALL, 0, MQW_OK, 0, NULL},
    {"TF-3 'a//#'", S("a//#"), VALL, 0, MQW_OK, 0, NULL},
    /* TF-4 / TF-5: '+' must be alone in its level. */
    {"TF-4 'a+/b'", S("a+/b"), VALL, 0, TFE, 1, "TF-4"},
    {"TF-4 'a/b+'", S("a/b+"), VALL, 0, TFE, 3, "TF-4"},
    {"TF-5 '+a'", S("+a"), VALL, 0, TFE, 0, "TF-5"},
    {"TF-5 'a/+b'", S("a/+b"), VALL, 0, TFE, 2, "TF-5"},
    {"TF-5 '++'", S("++"), VALL, 0, TFE, 0, "TF-5"},
    /* TF-6: valid single-level wildcards. */
    {"TF-6 '+'", S("+"), VALL, 0, MQW_OK, 0, NULL},
    {"TF-6 '+/+'", S("+/+"), VALL, 0, MQW_OK, 0, NULL},
    {"TF-6 '/+'", S("/+"), VALL, 0, MQW_OK, 0, NULL},
    {"TF-6 'a/+/b'", S("a/+/b"), VALL, 0, MQW_OK, 0, NULL},
    {"TF-6 '+/' (empty last level)", S("+/"), VALL, 0, MQW_OK, 0, NULL},
    {"TF-6 '+//+'", S("+//+"), VALL, 0, MQW_OK, 0, NULL},
    /* TF-7: not empty. */
    {"TF-7 empty filter", S(""), VALL, 0, TFE, 0, "TF-7"},
    /* TF-8: empty levels are legal. */
    {"TF-8 'a//b'", S("a//b"), VALL, 0, MQW_OK, 0, NULL},
    {"TF-8 '/'", S("/"), VALL, 0, MQW_OK, 0, NULL},
    {"TF-8 '/a'", S("/a"), VALL, 0, MQW_OK, 0, NULL},
    {"TF-8 '//'", S("//"), VALL, 0, MQW_OK, 0, NULL},
    {"TF-8 '$SYS/#'", S("$SYS/#"), VALL, 0, MQW_OK, 0, NULL},
    {"TF-8 multi-byte levels", S("\xE2\x82\xAC/+/\xC3\xA9/#"), VALL, 0, MQW_OK, 0, NULL},
    /* TF-9..TF-13: 5.0 shared subscriptions. */
    {"TF-9 '$share//a' empty ShareName", S("$share//a"), V50, 0, TFE, 7, "TF-9"},
    {"TF-10 '$share/+/a' '+' in ShareName", S("$share/+/a"), V50, 0, TFE, 7, "TF-10"},
    {"TF-10 '$share/#/a' '#' in ShareName", S("$share/#/a"), V50, 0, TFE, 7, "TF-10"},
    {"TF-10 '$share/g+/a'", S("$share/g+/a"), V50, 0, TFE, 8, "TF-10"},
    {"TF-10 '$share/g#/a'", S("$share/g#/a"), V50, 0, TFE, 8, "TF-10"},
    /* Nothing is where the '/' should be: blame the last byte of the
     * ShareName, the point after which the filter ends too early. */
    {"TF-11 '$share/grp' no '/' after ShareName", S("$share/grp"), V50, 0, TFE, 9, "TF-11"},
    {"TF-11 '$share/g' one-byte ShareName", S("$share/g"), V50, 0, TFE, 7, "TF-11"},
    {"TF-12 '$share/grp/' empty filter after ShareName", S("$share/grp/"), V50, 0, TFE, 10,
     "TF-12"},
    {"TF-13 '$share/g/a#'", S("$share/g/a#"), V50, 0, TFE, 10, "TF-13"},
    {"TF-13 '$share/g/a/#/b'", S("$share/g/a/#/b"), V50, 0, TFE, 11, "TF-13"},
    {"TF-13 '$share/g/+a'", S("$share/g/+a"), V50, 0, TFE, 9, "TF-13"},
    {"TF-13 '$share/g/a/#' valid", S("$share/g/a/#"), V50, 0, MQW_OK, 0, NULL},
    {"TF-13 '$share/g/+' valid", S("$share/g/+"), V50, 0, MQW_OK, 0, NULL},
    {"TF-13 '$share/g/#' valid", S("$share/g/#"), V50, 0, MQW_OK, 0, NULL},
    {"TF-13 '$share/g//' valid (inner '/')", S("$share/g//"), V50, 0, MQW_OK, 0, NULL},
    {"TF-13 '$share/group-1/$SYS/#' valid", S("$share/group-1/$SYS/#"), V50, 0, MQW_OK, 0,
     NULL},
    /* TF-14: only the exact prefix "$share/" is special. */
    {"TF-14 '$SHARE/g/a' ordinary", S("$SHARE/g/a"), VALL, 0, MQW_OK, 0, NULL},
    {"TF-14 '$shared/g/a' ordinary", S("$shared/g/a"), VALL, 0, MQW_OK, 0, NULL},
    {"TF-14 '$SHARE//a' ordinary", S("$SHARE//a"), VALL, 0, MQW_OK, 0, NULL},
    {"TF-14 '$share' alone is ordinary", S("$share"), VALL, 0, MQW_OK, 0, NULL},
    {"TF-14 'a/$share//a' ordinary", S("a/$share//a"), VALL, 0, MQW_OK, 0, NULL},
    /* TF-15: before 5.0 "$share/" means nothing. */
    {"TF-15 '$share//a' ordinary before 5.0", S("$share//a"), V3X, 0, MQW_OK, 0, NULL},
    {"TF-15 '$share/+/a' ordinary before 5.0", S("$share/+/a"), V3X, 0, MQW_OK, 0, NULL},
    {"TF-15 '$share/grp' ordinary before 5.0", S("$share/grp"), V3X, 0, MQW_OK, 0, NULL},
    {"TF-15 '$share/grp/' ordinary before 5.0", S("$share/grp/"), V3X, 0, MQW_OK, 0, NULL},
    {"TF-15 '$share/g/a#' is TF-1 before 5.0", S("$share/g/a#"), V3X, 0, TFE, 10, "TF-1"},
    /* '#' here is neither alone in its level nor last: TF-1 and TF-2 both
     * apply, so either id is a fair report. */
    {"TF-15 TF-1 TF-2 '$share/g#/a' before 5.0", S("$share/g#/a"), V3X, 0, TFE, 8, NULL},
    /* UTF-8 applies to filters too (STR-14 in SUBSCRIBE/UNSUBSCRIBE). */
    {"STR-6 U+0000 in a Topic Filter", S("a/\0"), VALL, 0, MQW_ERR_UTF8, 2, "STR-6"},
    {"STR-14 ill-formed UTF-8 in a Topic Filter", S("a/\xC3\x28/#"), VALL, 0, MQW_ERR_UTF8, 2,
     NULL},
    {"STR-14 ill-formed UTF-8 before a wildcard error", S("\xFF+a"), VALL, 0, MQW_ERR_UTF8, 0,
     NULL},
    {"STR-14 ill-formed UTF-8 in ShareName", S("$share/\xC0\xAF/a"), V50, 0, MQW_ERR_UTF8, 7,
     NULL},
    {"STR-8 control char accepted by default", S("a/\x1F"), VALL, 0, MQW_OK, 0, NULL},
    {"STR-8 control char with MQW_STRICT_UTF8", S("a/\x1F"), VALL, MQW_STRICT_UTF8,
     MQW_ERR_UTF8, 2, "STR-8"},
};
/* clang-format on */

static void check_filter(const filter_vec *v, mqw_bytes f, int version, const char *vname)
{
    mqw_diag d = {999, "unset", 0};
    int rc = mqw_topic_filter_check(f, version, v->flags, &d);
    ck_assert_msg(rc == v->err, "%s (%s): %s, want %s", v->name, vname, mqw_strerror(rc),
                  mqw_strerror(v->err));
    if (v->err) {
        ck_assert_msg(d.offset == v->offset, "%s (%s): offset %zu, want %zu", v->name, vname,
                      d.offset, v->offset);
        if (v->rule)
            ck_assert_msg(d.rule && strcmp(d.rule, v->rule) == 0, "%s (%s): rule %s, want %s",
                          v->name, vname, d.rule ? d.rule : "NULL", v->rule);
        else
            ck_assert_msg(d.rule != NULL, "%s (%s): no rule", v->name, vname);
    }
    ck_assert_int_eq(mqw_topic_filter_check(f, version, v->flags, NULL), v->err);

    size_t bad = 12345;
    const char *rule = "unset";
    rc = mqw_topic_filter_scan(f.ptr, f.len, version, v->flags, &bad, &rule);
    ck_assert_msg(rc == v->err, "%s (%s): scan %s", v->name, vname, mqw_strerror(rc));
    if (v->err) {
        ck_assert_msg(bad == v->offset, "%s (%s): scan bad %zu, want %zu", v->name, vname, bad,
                      v->offset);
        if (v->rule)
            ck_assert_msg(rule && strcmp(rule, v->rule) == 0, "%s (%s): scan rule %s", v->name,
                          vname, rule ? rule : "NULL");
    }
}

START_TEST(topic_filter_table)
{
    const filter_vec *v = &filter_table[_i];
    for (int k = 0; k < 3; k++) {
        if (!(v->versions & (1u << k)))
            continue;
        check_filter(v, v->filter, versions[k], version_names[k]);
        if (v->filter.len) {
            uint8_t *g = guard_alloc(v->filter.ptr, v->filter.len);
            mqw_bytes f = {g, v->filter.len};
            check_filter(v, f, versions[k], version_names[k]);
            guard_free(g, v->filter.len);
        }
    }
}
END_TEST

/* ---- the filter table on the wire (TF-16 for UNSUBSCRIBE) -------------- */

/* Wrap `f` in a SUBSCRIBE (options 00) or UNSUBSCRIBE with Packet
 * Identifier 1; return the packet length and the offset of the filter's
 * length prefix. */
static size_t wrap_filter(bool unsub, int version, mqw_bytes f, uint8_t *out, size_t *prefix_at)
{
    size_t body = 2 + (version == MQW_V5 ? 1 : 0) + 2 + f.len + (unsub ? 0 : 1);
    size_t n = 0;
    ck_assert_uint_lt(body, 128);
    out[n++] = unsub ? 0xA2 : 0x82;
    out[n++] = (uint8_t)body;
    out[n++] = 0x00, out[n++] = 0x01; /* Packet Identifier 1 */
    if (version == MQW_V5)
        out[n++] = 0x00; /* Property Length 0 */
    *prefix_at = n;
    out[n++] = (uint8_t)(f.len >> 8), out[n++] = (uint8_t)f.len;
    memcpy(out + n, f.ptr, f.len);
    n += f.len;
    if (!unsub)
        out[n++] = 0x00; /* options: QoS 0 */
    return n;
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

/* Every row of the filter table, in every version it names, as a
 * SUBSCRIBE and as an UNSUBSCRIBE parsed with the default options (C-10:
 * the whole packet is rejected), and as a builder input (always refused). */
START_TEST(topic_filter_in_packets)
{
    const filter_vec *v = &filter_table[_i];
    for (int k = 0; k < 3; k++) {
        if (!(v->versions & (1u << k)))
            continue;
        for (int unsub = 0; unsub < 2; unsub++) {
            uint8_t bytes[128];
            char hex[400], name[200];
            size_t prefix_at;
            size_t n = wrap_filter(unsub, versions[k], v->filter, bytes, &prefix_at);
            to_hex(bytes, n, hex, sizeof hex);
            snprintf(name, sizeof name, "%s%s in %s (%s)", unsub ? "TF-16 " : "", v->name,
                     unsub ? "UNSUBSCRIBE" : "SUBSCRIBE", version_names[k]);

            mqw_subscription sub = {.filter = v->filter};
            vec pv = {
                .name = name, .version = versions[k], .flags = v->flags, .hex = hex, .err = v->err};
            if (v->err == MQW_OK) {
                if (unsub) {
                    pv.pkt.type = MQW_UNSUBSCRIBE;
                    pv.pkt.u.unsubscribe.packet_id = 1;
                    pv.pkt.u.unsubscribe.filters = &v->filter;
                    pv.pkt.u.unsubscribe.n = 1;
                } else {
                    pv.pkt.type = MQW_SUBSCRIBE;
                    pv.pkt.u.subscribe.packet_id = 1;
                    pv.pkt.u.subscribe.subs = &sub;
                    pv.pkt.u.subscribe.n = 1;
                }
            } else {
                /* The offending byte inside the packet; an empty filter is
                 * blamed on its length prefix. */
                pv.offset = v->filter.len ? prefix_at + 2 + v->offset : prefix_at;
                /* The packet parser may name the field's own row for UTF-8
                 * (STR-14) and the packet's for UNSUBSCRIBE (TF-16), so
                 * only SUBSCRIBE syntax rows pin the rule. */
                pv.rule = v->err == MQW_ERR_TOPIC_FILTER && !unsub ? v->rule : NULL;
            }
            run_vec(&pv);

            if (v->err != MQW_OK) {
                bvec bv = {.name = name,
                           .version = versions[k],
                           .flags = v->flags,
                           .err = v->err,
                           .rule = pv.rule};
                if (unsub) {
                    bv.pkt.type = MQW_UNSUBSCRIBE;
                    bv.pkt.u.unsubscribe.packet_id = 1;
                    bv.pkt.u.unsubscribe.filters = &v->filter;
                    bv.pkt.u.unsubscribe.n = 1;
                } else {
                    bv.pkt.type = MQW_SUBSCRIBE;
                    bv.pkt.u.subscribe.packet_id = 1;
                    bv.pkt.u.subscribe.subs = &sub;
                    bv.pkt.u.subscribe.n = 1;
                }
                run_bvec(&bv);
            }
        }
    }
}
END_TEST

/* C-10 with MQW_LENIENT_FILTERS: a SUBSCRIBE with a bad filter still
 * parses and the filter carries MQW_ERR_TOPIC_FILTER; good filters beside
 * it carry MQW_OK. UTF-8 errors are never per-filter. */
START_TEST(topic_filter_status_lenient)
{
    const filter_vec *v = &filter_table[_i];
    if (v->err == MQW_ERR_UTF8)
        return;
    for (int k = 0; k < 3; k++) {
        if (!(v->versions & (1u << k)))
            continue;
        uint8_t bytes[160];
        size_t prefix_at;
        size_t n = wrap_filter(false, versions[k], v->filter, bytes, &prefix_at);
        /* Append a second, good filter "x" with QoS 1. */
        bytes[1] = (uint8_t)(bytes[1] + 4);
        memcpy(bytes + n, "\x00\x01x\x01", 4);
        n += 4;

        mqw_subscribe out;
        mqw_diag d = {0, NULL, 0};
        size_t used = 0;
        mqw_limits lim = {0, v->flags | MQW_LENIENT_FILTERS, 0};
        int rc = mqw_subscribe_parse(bytes, n, &out, versions[k], &lim, &d, &used);
        ck_assert_msg(rc == MQW_OK, "%s (%s): %s at %zu", v->name, version_names[k],
                      mqw_strerror(rc), d.offset);
        ck_assert_uint_eq(used, n);
        ck_assert_uint_eq(out.n, 2);
        ck_assert_uint_eq(out.n_bad, v->err != MQW_OK);
        mqw_iter it;
        mqw_subscription s;
        mqw_subscribe_iter(&it, &out, versions[k]);
        ck_assert(mqw_subscribe_next(&it, &s));
        ck_assert_uint_eq(s.filter.len, v->filter.len);
        ck_assert_int_eq(s.status, v->err);
        ck_assert(mqw_subscribe_next(&it, &s));
        ck_assert_int_eq(s.status, MQW_OK);
        ck_assert_uint_eq(s.qos, 1);
        ck_assert(!mqw_subscribe_next(&it, &s));
    }
}
END_TEST

/* The CONFORMANCE examples of TF-1..TF-15 as written (3.1.1 unless the
 * row says 5.0): the invalid ones refused by default, the valid ones with
 * their expected subscription lists (the '$share//a' rows before 5.0 also
 * with MQW_LENIENT_FILTERS, which changes nothing for a valid filter). */
/* clang-format off */
static const mqw_subscription tf3_subs[] = {
    {.filter = S("#")}, {.filter = S("a/#")}, {.filter = S("+/#")}};
static const mqw_subscription tf6_subs[] = {
    {.filter = S("+")}, {.filter = S("+/+")}, {.filter = S("a/+/b")}};
static const mqw_subscription tf8_subs[] = {{.filter = S("a//b")}, {.filter = S("/")}};
static const mqw_subscription tf14_subs[] = {{.filter = S("$SHARE/g/a"), .no_local = true},
                                             {.filter = S("$shared/g/a"), .no_local = true}};
static const mqw_subscription tf15_subs[] = {{.filter = S("$share//a")}};

static const vec subscribe_table[] = {
    {.name = "TF-1 SUBSCRIBE 'a#'", .version = MQW_V311,
     .hex = "82 07  00 01  00 02 61 23  00", .err = TFE, .offset = 7, .rule = "TF-1"},
    {.name = "TF-2 SUBSCRIBE 'a/#/b'", .version = MQW_V311,
     .hex = "82 0A  00 01  00 05 61 2F 23 2F 62  00", .err = TFE, .offset = 8, .rule = "TF-2"},
    {.name = "TF-3 SUBSCRIBE '#', 'a/#', '+/#'", .version = MQW_V311,
     .hex = "82 12  00 01  00 01 23 00  00 03 61 2F 23 00  00 03 2B 2F 23 00", .err = MQW_OK,
     .pkt = {.type = MQW_SUBSCRIBE,
             .u.subscribe = {.packet_id = 1, .subs = tf3_subs, .n = 3}}},
    {.name = "TF-3 SUBSCRIBE '#', 'a/#', '+/#' (5.0)", .version = MQW_V5,
     .hex = "82 13  00 01  00  00 01 23 00  00 03 61 2F 23 00  00 03 2B 2F 23 00",
     .err = MQW_OK,
     .pkt = {.type = MQW_SUBSCRIBE,
             .u.subscribe = {.packet_id = 1, .subs = tf3_subs, .n = 3}}},
    {.name = "TF-4 SUBSCRIBE 'a+/b'", .version = MQW_V311,
     .hex = "82 09  00 01  00 04 61 2B 2F 62  00", .err = TFE, .offset = 7, .rule = "TF-4"},
    {.name = "TF-5 SUBSCRIBE '+a'", .version = MQW_V311,
     .hex = "82 07  00 01  00 02 2B 61  00", .err = TFE, .offset = 6, .rule = "TF-5"},
    {.name = "TF-6 SUBSCRIBE '+', '+/+', 'a/+/b'", .version = MQW_V311,
     .hex = "82 14  00 01  00 01 2B 00  00 03 2B 2F 2B 00  00 05 61 2F 2B 2F 62 00",
     .err = MQW_OK,
     .pkt = {.type = MQW_SUBSCRIBE,
             .u.subscribe = {.packet_id = 1, .subs = tf6_subs, .n = 3}}},
    {.name = "TF-6 SUBSCRIBE '+', '+/+', 'a/+/b' (3.1)", .version = MQW_V31,
     .hex = "82 14  00 01  00 01 2B 00  00 03 2B 2F 2B 00  00 05 61 2F 2B 2F 62 00",
     .err = MQW_OK,
     .pkt = {.type = MQW_SUBSCRIBE,
             .u.subscribe = {.packet_id = 1, .subs = tf6_subs, .n = 3}}},
    {.name = "TF-7 SUBSCRIBE empty filter", .version = MQW_V311,
     .hex = "82 05  00 01  00 00  00", .err = TFE, .offset = 4, .rule = "TF-7"},
    {.name = "TF-8 SUBSCRIBE 'a//b', '/'", .version = MQW_V311,
     .hex = "82 0D  00 01  00 04 61 2F 2F 62 00  00 01 2F 00", .err = MQW_OK,
     .pkt = {.type = MQW_SUBSCRIBE,
             .u.subscribe = {.packet_id = 1, .subs = tf8_subs, .n = 2}}},
    {.name = "TF-9 SUBSCRIBE '$share//a' (5.0)", .version = MQW_V5,
     .hex = "82 0F  00 01  00  00 09 24 73 68 61 72 65 2F 2F 61  00", .err = TFE,
     .offset = 14, .rule = "TF-9"},
    {.name = "TF-10 SUBSCRIBE '$share/+/a' (5.0)", .version = MQW_V5,
     .hex = "82 10  00 01  00  00 0A 24 73 68 61 72 65 2F 2B 2F 61  00", .err = TFE,
     .offset = 14, .rule = "TF-10"},
    {.name = "TF-11 SUBSCRIBE '$share/grp' (5.0)", .version = MQW_V5,
     .hex = "82 10  00 01  00  00 0A 24 73 68 61 72 65 2F 67 72 70  00", .err = TFE,
     .offset = 16, .rule = "TF-11"},
    {.name = "TF-12 SUBSCRIBE '$share/grp/' (5.0)", .version = MQW_V5,
     .hex = "82 11  00 01  00  00 0B 24 73 68 61 72 65 2F 67 72 70 2F  00", .err = TFE,
     .offset = 17, .rule = "TF-12"},
    {.name = "TF-13 SUBSCRIBE '$share/g/a#' (5.0)", .version = MQW_V5,
     .hex = "82 11  00 01  00  00 0B 24 73 68 61 72 65 2F 67 2F 61 23  00", .err = TFE,
     .offset = 17, .rule = "TF-13"},
    {.name = "TF-14 SUBSCRIBE '$SHARE/g/a', '$shared/g/a' with No Local (5.0)",
     .version = MQW_V5,
     .hex = "82 1E  00 01  00  00 0A 24 53 48 41 52 45 2F 67 2F 61 04 "
            " 00 0B 24 73 68 61 72 65 64 2F 67 2F 61 04",
     .err = MQW_OK,
     .pkt = {.type = MQW_SUBSCRIBE,
             .u.subscribe = {.packet_id = 1, .subs = tf14_subs, .n = 2}}},
    {.name = "TF-15 SUBSCRIBE '$share//a' (3.1.1)", .version = MQW_V311,
     .flags = MQW_LENIENT_FILTERS,
     .hex = "82 0E  00 01  00 09 24 73 68 61 72 65 2F 2F 61  00", .err = MQW_OK,
     .pkt = {.type = MQW_SUBSCRIBE,
             .u.subscribe = {.packet_id = 1, .subs = tf15_subs, .n = 1}}},
    {.name = "TF-15 SUBSCRIBE '$share//a' (3.1)", .version = MQW_V31,
     .flags = MQW_LENIENT_FILTERS,
     .hex = "82 0E  00 01  00 09 24 73 68 61 72 65 2F 2F 61  00", .err = MQW_OK,
     .pkt = {.type = MQW_SUBSCRIBE,
             .u.subscribe = {.packet_id = 1, .subs = tf15_subs, .n = 1}}},
    /* UNSUBSCRIBE rows leave the rule open: TF-16 names the packet, TF-1
     * the syntax, and the subscribe suite pins the choice. */
    {.name = "TF-16 UNSUBSCRIBE 'a#'", .version = MQW_V311,
     .hex = "A2 06  00 01  00 02 61 23", .err = TFE, .offset = 7},
};
/* clang-format on */

VEC_LOOP_TEST(topic_subscribe, subscribe_table)

/* ---- shared subscriptions ---------------------------------------------- */

typedef struct share_vec {
    const char *name;
    mqw_bytes filter;
    bool shared;
    mqw_bytes group, inner;
} share_vec;

/* clang-format off */
static const share_vec share_table[] = {
    {"TF-9 shared: group and filter", S("$share/g/a/b"), true, S("g"), S("a/b")},
    {"TF-9 shared: longer group, wildcard", S("$share/grp/+"), true, S("grp"), S("+")},
    {"TF-9 shared: '#' filter", S("$share/g/#"), true, S("g"), S("#")},
    {"TF-9 shared: '$' inner filter", S("$share/group-1/$SYS/#"), true, S("group-1"),
     S("$SYS/#")},
    {"TF-9 shared: inner filter '/'", S("$share/g//"), true, S("g"), S("/")},
    {"TF-14 '$SHARE/' is not shared", S("$SHARE/g/a"), false, S(""), S("")},
    {"TF-14 '$shared/' is not shared", S("$shared/g/a"), false, S(""), S("")},
    {"TF-14 no '$'", S("share/g/a"), false, S(""), S("")},
    {"TF-14 ordinary filter", S("a/b"), false, S(""), S("")},
    {"TF-14 '$share' alone", S("$share"), false, S(""), S("")},
    {"TF-14 shorter than the prefix", S("$shar"), false, S(""), S("")},
    {"TF-14 empty", S(""), false, S(""), S("")},
    {"TF-14 prefix later in the filter", S("a/$share/g/b"), false, S(""), S("")},
};
/* clang-format on */

START_TEST(topic_share_table)
{
    const share_vec *v = &share_table[_i];
    mqw_bytes group = {NULL, 99}, inner = {NULL, 99};
    bool got = mqw_topic_share(v->filter, &group, &inner);
    ck_assert_msg(got == v->shared, "%s: %d", v->name, got);
    if (!v->shared)
        return;
    ck_assert_uint_eq(group.len, v->group.len);
    ck_assert_uint_eq(inner.len, v->inner.len);
    ck_assert_int_eq(memcmp(group.ptr, v->group.ptr, group.len), 0);
    ck_assert_int_eq(memcmp(inner.ptr, v->inner.ptr, inner.len), 0);
    /* Views into the caller's filter, not copies. */
    ck_assert_ptr_eq(group.ptr, v->filter.ptr + 7);
    ck_assert_ptr_eq(inner.ptr, v->filter.ptr + 7 + v->group.len + 1);
}
END_TEST

/* ---- matching ---------------------------------------------------------- */

typedef struct match_vec {
    const char *name;
    mqw_bytes filter, topic;
    bool match;
} match_vec;

/* clang-format off */
static const match_vec match_table[] = {
    /* '#' matches everything at and below its level, parent included. */
    {"TF-3 '#' matches one level", S("#"), S("a"), true},
    {"TF-3 '#' matches many levels", S("#"), S("a/b/c"), true},
    {"TF-3 '#' matches '/'", S("#"), S("/"), true},
    {"TF-3 'a/#' matches parent 'a'", S("a/#"), S("a"), true},
    {"TF-3 'a/#' matches 'a/b'", S("a/#"), S("a/b"), true},
    {"TF-3 'a/#' matches 'a/b/c'", S("a/#"), S("a/b/c"), true},
    {"TF-3 'a/#' matches 'a/' (empty child)", S("a/#"), S("a/"), true},
    {"TF-3 'a/#' not 'ab'", S("a/#"), S("ab"), false},
    {"TF-3 'a/#' not 'b/a'", S("a/#"), S("b/a"), false},
    {"TF-3 'a/b/#' matches 'a/b'", S("a/b/#"), S("a/b"), true},
    {"TF-3 'a/b/#' not 'a'", S("a/b/#"), S("a"), false},
    {"TF-3 '/#' matches '/'", S("/#"), S("/"), true},
    {"TF-3 '/#' matches '/a'", S("/#"), S("/a"), true},
    {"TF-3 '/#' not 'a'", S("/#"), S("a"), false},
    {"TF-3 '+/#' matches 'a'", S("+/#"), S("a"), true},
    {"TF-3 '+/#' matches 'a/b/c'", S("+/#"), S("a/b/c"), true},
    /* '+' matches exactly one level, empty levels included. */
    {"TF-6 '+' matches 'a'", S("+"), S("a"), true},
    {"TF-6 '+' not 'a/b'", S("+"), S("a/b"), false},
    {"TF-6 '+' not '/'", S("+"), S("/"), false},
    {"TF-6 '+/+' matches '/'", S("+/+"), S("/"), true},
    {"TF-6 '+/+' matches 'a/b'", S("+/+"), S("a/b"), true},
    {"TF-6 '+/+' not 'a'", S("+/+"), S("a"), false},
    {"TF-6 '/+' matches '/a'", S("/+"), S("/a"), true},
    {"TF-6 '/+' matches '/' (empty level)", S("/+"), S("/"), true},
    {"TF-6 'a/+' matches 'a/'", S("a/+"), S("a/"), true},
    {"TF-6 'a/+' not 'a'", S("a/+"), S("a"), false},
    {"TF-6 'a/+' not 'a/b/c'", S("a/+"), S("a/b/c"), false},
    {"TF-6 'a/+/b' matches 'a//b'", S("a/+/b"), S("a//b"), true},
    {"TF-6 'a/+/b' matches 'a/x/b'", S("a/+/b"), S("a/x/b"), true},
    {"TF-6 'a/+/b' not 'a/x/y/b'", S("a/+/b"), S("a/x/y/b"), false},
    {"TF-6 'a/+/#' matches 'a/b'", S("a/+/#"), S("a/b"), true},
    {"TF-6 'a/+/#' not 'a'", S("a/+/#"), S("a"), false},
    {"TF-6 '+' matches multi-byte level", S("+/\xC3\xA9"), S("\xE2\x82\xAC/\xC3\xA9"), true},
    /* Literal levels: exact bytes, no normalisation. */
    {"TF-8 exact match", S("a/b"), S("a/b"), true},
    {"TF-8 case-sensitive", S("a/b"), S("A/b"), false},
    {"TF-8 trailing '/' is another level", S("a/b"), S("a/b/"), false},
    {"TF-8 trailing '/' matches itself", S("a/b/"), S("a/b/"), true},
    {"TF-8 leading '/' is another level", S("/a"), S("a"), false},
    {"TF-8 empty levels match themselves", S("a//b"), S("a//b"), true},
    {"TF-8 empty level is not absent", S("a//b"), S("a/b"), false},
    {"TF-8 prefix is not a match", S("a/b"), S("a/bc"), false},
    {"TF-8 longer filter", S("a/b/c"), S("a/b"), false},
    {"TF-8 '/' matches '/'", S("/"), S("/"), true},
    /* '$' topics: no match by a leading wildcard (MQTT-4.7.2-1). */
    {"PUB-14 '#' not '$SYS/x'", S("#"), S("$SYS/x"), false},
    {"PUB-14 '#' not '$SYS'", S("#"), S("$SYS"), false},
    {"PUB-14 '+' not '$SYS'", S("+"), S("$SYS"), false},
    {"PUB-14 '+/#' not '$SYS/x'", S("+/#"), S("$SYS/x"), false},
    {"PUB-14 '+/x' not '$a/x'", S("+/x"), S("$a/x"), false},
    {"PUB-14 '$SYS/#' matches '$SYS/x'", S("$SYS/#"), S("$SYS/x"), true},
    {"PUB-14 '$SYS/#' matches '$SYS'", S("$SYS/#"), S("$SYS"), true},
    {"PUB-14 '$SYS/+' matches '$SYS/x'", S("$SYS/+"), S("$SYS/x"), true},
    {"PUB-14 '$SYS/x' matches itself", S("$SYS/x"), S("$SYS/x"), true},
    {"PUB-14 '$' only special in the first level", S("a/+"), S("a/$x"), true},
    {"PUB-14 '#' matches '/$x' (first char is '/')", S("#"), S("/$x"), true},
    {"PUB-14 'a/#' matches 'a/$x'", S("a/#"), S("a/$x"), true},
};
/* clang-format on */

static void check_match(const match_vec *v, mqw_bytes f, mqw_bytes t)
{
    bool got = mqw_topic_matches(f, t);
    ck_assert_msg(got == v->match, "%s: %d", v->name, got);
}

START_TEST(topic_match_table)
{
    const match_vec *v = &match_table[_i];
    /* The table only holds valid inputs. */
    ck_assert_int_eq(mqw_topic_filter_check(v->filter, MQW_V5, 0, NULL), MQW_OK);
    ck_assert_int_eq(mqw_topic_name_check(v->topic, 0, NULL), MQW_OK);
    check_match(v, v->filter, v->topic);
    uint8_t *gf = guard_alloc(v->filter.ptr, v->filter.len);
    uint8_t *gt = guard_alloc(v->topic.ptr, v->topic.len);
    mqw_bytes f = {gf, v->filter.len}, t = {gt, v->topic.len};
    check_match(v, f, t);
    guard_free(gf, v->filter.len);
    guard_free(gt, v->topic.len);
}
END_TEST

/* ---- brute force against a reference matcher --------------------------- */

/* clang-format off */
static const char *const level_tokens[] = {"a", "b", "", "+", "#", "$x"};
/* clang-format on */
#define N_TOKENS 6
#define N_NAME_TOKENS 4 /* the first four without wildcards: "a" "b" "" "$x" */
/* clang-format off */
static const char *const name_tokens[N_NAME_TOKENS] = {"a", "b", "", "$x"};
/* clang-format on */
#define MAX_LEVELS 4

/* Number of sequences of 1..MAX_LEVELS levels over n tokens. */
static size_t count_seqs(size_t n)
{
    size_t total = 0, p = 1;
    for (int l = 1; l <= MAX_LEVELS; l++) {
        p *= n;
        total += p;
    }
    return total;
}

/* The idx-th sequence of levels over `tokens` (n of them): its level
 * indices in lv[], its level count returned. */
static int nth_seq(size_t idx, size_t n, int *lv)
{
    size_t p = n;
    int levels = 1;
    while (idx >= p) {
        idx -= p;
        p *= n;
        levels++;
    }
    for (int l = levels - 1; l >= 0; l--) {
        lv[l] = (int)(idx % n);
        idx /= n;
    }
    return levels;
}

static size_t join_levels(const char *const *tokens, const int *lv, int levels, char *out)
{
    size_t k = 0;
    for (int l = 0; l < levels; l++) {
        if (l)
            out[k++] = '/';
        size_t tl = strlen(tokens[lv[l]]);
        memcpy(out + k, tokens[lv[l]], tl);
        k += tl;
    }
    out[k] = '\0';
    return k;
}

/* Reference matcher over level lists (MQTT 3.1.1 / 5.0 section 4.7). */
static bool ref_match_levels(const char *const *f, int nf, int fi, const char *const *t, int nt,
                             int ti)
{
    if (fi == nf)
        return ti == nt;
    if (strcmp(f[fi], "#") == 0)
        return true; /* this level and everything below, parent included */
    if (ti == nt)
        return false;
    if (strcmp(f[fi], "+") != 0 && strcmp(f[fi], t[ti]) != 0)
        return false;
    return ref_match_levels(f, nf, fi + 1, t, nt, ti + 1);
}

static bool ref_match(const char *const *f, int nf, const char *const *t, int nt)
{
    /* [MQTT-4.7.2-1]: a leading wildcard does not match a '$' topic. */
    if (t[0][0] == '$' && (strcmp(f[0], "+") == 0 || strcmp(f[0], "#") == 0))
        return false;
    return ref_match_levels(f, nf, 0, t, nt, 0);
}

/* Loop index = one filter of 1..4 levels over {a, b, "", +, #, $x}. Its
 * validity must agree with the reference ('#' only as the last level, not
 * empty), and for a valid one, the match result against every name of
 * 1..4 levels over {a, b, "", $x} must agree too. */
START_TEST(topic_match_brute)
{
    int flv[MAX_LEVELS], tlv[MAX_LEVELS];
    char fs[64], ts[64];
    int nf = nth_seq((size_t)_i, N_TOKENS, flv);
    size_t fl = join_levels(level_tokens, flv, nf, fs);
    const char *fw[MAX_LEVELS];
    bool valid = fl > 0;
    for (int l = 0; l < nf; l++) {
        fw[l] = level_tokens[flv[l]];
        if (strcmp(fw[l], "#") == 0 && l != nf - 1)
            valid = false;
    }
    mqw_bytes f = {(const uint8_t *)fs, fl};
    for (int k = 0; k < 3; k++) {
        int rc = mqw_topic_filter_check(f, versions[k], 0, NULL);
        ck_assert_msg((rc == MQW_OK) == valid, "filter '%s' (%s): %s", fs, version_names[k],
                      mqw_strerror(rc));
    }
    if (!valid)
        return;

    size_t names = count_seqs(N_NAME_TOKENS);
    for (size_t j = 0; j < names; j++) {
        int nt = nth_seq(j, N_NAME_TOKENS, tlv);
        size_t tl = join_levels(name_tokens, tlv, nt, ts);
        if (tl == 0)
            continue; /* an empty Topic Name is not a name (PUB-4) */
        const char *tw[MAX_LEVELS];
        for (int l = 0; l < nt; l++)
            tw[l] = name_tokens[tlv[l]];
        mqw_bytes t = {(const uint8_t *)ts, tl};
        bool want = ref_match(fw, nf, tw, nt);
        bool got = mqw_topic_matches(f, t);
        if (got != want)
            ck_abort_msg("filter '%s' name '%s': %d, want %d", fs, ts, got, want);
    }
}
END_TEST

/* Wildcard placement by levels, the way the specification states it: a
 * level holding '+' is "+", a level holding '#' is "#" and the last one.
 * Returns the index of the first misplaced wildcard, or len when none. */
static size_t reference_misplaced(const char *f, size_t len)
{
    size_t start = 0;
    for (size_t i = 0; i <= len; i++) {
        if (i < len && f[i] != '/')
            continue;
        for (size_t k = start; k < i; k++) {
            bool alone = i - start == 1;
            if ((f[k] == '+' && !alone) || (f[k] == '#' && (!alone || i != len)))
                return k;
        }
        start = i + 1;
    }
    return len;
}

/* Filters of 1 to 36 bytes with one or two wildcards at every pair of
 * positions, over two level patterns: the verdict and the blamed byte must
 * be the reference's. The lengths cross every block size of the fast
 * checks: 4 to 8 and 9 to 16 bytes (one register), 17 to 32 (two
 * overlapping registers), and the word-mask path of 8 to 16 bytes. */
START_TEST(topic_filter_wildcard_positions)
{
    static const char *const bases[] = {"abcdefghijklmnopqrstuvwxyzABCDEFGHIJ",
                                        "a/b/cd/e/fg/hij/k/l/mn/o/pq/r/stu/vw"};
    static const char wild[] = {'+', '#'};
    size_t len = (size_t)_i + 1;
    char f[40];
    for (size_t b = 0; b < 2; b++) {
        for (size_t i = 0; i < len; i++) {
            for (size_t j = i; j < len; j++) {
                for (size_t w = 0; w < 4; w++) {
                    memcpy(f, bases[b], len);
                    f[i] = wild[w & 1];
                    f[j] = wild[w >> 1];
                    size_t want = reference_misplaced(f, len);
                    mqw_diag diag;
                    int rc = mqw_topic_filter_check((mqw_bytes){(const uint8_t *)f, len}, MQW_V311,
                                                    0, &diag);
                    ck_assert_msg((rc == MQW_OK) == (want == len), "\"%.*s\": %s", (int)len, f,
                                  mqw_strerror(rc));
                    if (rc != MQW_OK)
                        ck_assert_msg(diag.offset == want, "\"%.*s\": offset %zu, expected %zu",
                                      (int)len, f, diag.offset, want);
                }
            }
        }
    }
}
END_TEST

/* A byte outside printable ASCII at each letter of a valid filter of 1 to
 * 36 bytes (levels, a '+' level, a '#' at the end when it fits): NUL and
 * 0xFF are refused at that byte (STR-6, STR-1), while a C0 control is only
 * a SHOULD NOT (STR-7) and passes by default. Whichever path judges the
 * filter, it must not take the byte for a letter. */
START_TEST(topic_filter_byte_positions)
{
    static const char base[] = "ab/+/cd/e/+/fgh/ij/+/k/lmn/o/+/pq/rs";
    static const uint8_t odd[] = {0x00, 0xFF, 0x1F};
    size_t len = (size_t)_i + 1;
    char f[40];
    memcpy(f, base, len);
    if (len >= 2 && f[len - 2] == '/')
        f[len - 1] = '#';
    ck_assert_uint_eq(reference_misplaced(f, len), len);
    ck_assert_int_eq(
        mqw_topic_filter_check((mqw_bytes){(const uint8_t *)f, len}, MQW_V311, 0, NULL), MQW_OK);
    for (size_t i = 0; i < len; i++) {
        if (f[i] == '/' || f[i] == '+' || f[i] == '#')
            continue;
        for (size_t k = 0; k < sizeof odd; k++) {
            char g[40];
            memcpy(g, f, len);
            g[i] = (char)odd[k];
            mqw_diag diag;
            int rc =
                mqw_topic_filter_check((mqw_bytes){(const uint8_t *)g, len}, MQW_V311, 0, &diag);
            if (odd[k] == 0x1F) {
                ck_assert_msg(rc == MQW_OK, "len %zu, 0x1F at %zu: %s", len, i, mqw_strerror(rc));
            } else {
                ck_assert_msg(rc == MQW_ERR_UTF8, "len %zu, 0x%02X at %zu: %s", len, odd[k], i,
                              mqw_strerror(rc));
                ck_assert_uint_eq(diag.offset, i);
            }
        }
    }
}
END_TEST

int main(void)
{
    Suite *s = suite_create("topic");
    TCase *tc;

    tc = tcase_create("topic_name");
    tcase_add_loop_test(tc, topic_name_table, 0, (int)ARRAY_LEN(name_table));
    tcase_add_loop_test(tc, topic_name_every_position, 0, 80);
    suite_add_tcase(s, tc);

    tc = tcase_create("topic_publish");
    tcase_add_loop_test(tc, topic_publish, 0, (int)ARRAY_LEN(publish_table));
    suite_add_tcase(s, tc);

    tc = tcase_create("topic_publish_refuse");
    tcase_add_loop_test(tc, topic_publish_refuse, 0, (int)ARRAY_LEN(publish_refuse_table));
    suite_add_tcase(s, tc);

    tc = tcase_create("topic_filter");
    tcase_add_loop_test(tc, topic_filter_table, 0, (int)ARRAY_LEN(filter_table));
    tcase_add_loop_test(tc, topic_filter_wildcard_positions, 0, 36);
    tcase_add_loop_test(tc, topic_filter_byte_positions, 0, 36);
    suite_add_tcase(s, tc);

    tc = tcase_create("topic_filter_in_packets");
    tcase_add_loop_test(tc, topic_filter_in_packets, 0, (int)ARRAY_LEN(filter_table));
    tcase_add_loop_test(tc, topic_filter_status_lenient, 0, (int)ARRAY_LEN(filter_table));
    suite_add_tcase(s, tc);

    tc = tcase_create("topic_subscribe");
    tcase_add_loop_test(tc, topic_subscribe, 0, (int)ARRAY_LEN(subscribe_table));
    suite_add_tcase(s, tc);

    tc = tcase_create("topic_share");
    tcase_add_loop_test(tc, topic_share_table, 0, (int)ARRAY_LEN(share_table));
    suite_add_tcase(s, tc);

    tc = tcase_create("topic_match");
    tcase_add_loop_test(tc, topic_match_table, 0, (int)ARRAY_LEN(match_table));
    suite_add_tcase(s, tc);

    tc = tcase_create("topic_match_brute");
    tcase_add_loop_test(tc, topic_match_brute, 0, (int)count_seqs(N_TOKENS));
    suite_add_tcase(s, tc);

    return suite_main(s);
}
