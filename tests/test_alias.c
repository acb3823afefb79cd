/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/* lib/alias.c: 5.0 Topic Alias both ways (§3.3.2.3.4; DL-10..DL-12). */
#include <stdio.h>
#include <string.h>

#include "util.h"

/* ---- incoming: one table of received PUBLISHes ------------------------ */

typedef struct in_step {
    const char *topic; /* as received ("" = empty) */
    uint16_t alias;    /* 0 = no Topic Alias property */
    int rc;
    const char *want; /* the Topic Name resolved (on MQW_OK) */
    const char *rule;
} in_step;

typedef struct in_row {
    const char *name;
    uint16_t max; /* what we announced */
    in_step steps[8];
} in_row;

/* clang-format off */
static const in_row in_rows[] = {
    {"map, use, remap (max 2)", 2, {
        {"a/b", 1, MQW_OK, "a/b", NULL},
        {"", 1, MQW_OK, "a/b", NULL},
        {"c", 2, MQW_OK, "c", NULL},
        {"", 2, MQW_OK, "c", NULL},
        {"x/y/z", 1, MQW_OK, "x/y/z", NULL},
        {"", 1, MQW_OK, "x/y/z", NULL},
        {"plain", 0, MQW_OK, "plain", NULL},
        {"", 2, MQW_OK, "c", NULL}}},
    {"DL-10 an empty Topic Name with an alias never mapped: 0x82", 3, {
        {"", 3, MQW_ERR_ALIAS_UNKNOWN, NULL, "DL-10"},
        {"t", 3, MQW_OK, "t", NULL},
        {"", 3, MQW_OK, "t", NULL},
        {"", 2, MQW_ERR_ALIAS_UNKNOWN, NULL, "DL-10"}}},
    {"DL-11 [MQTT-3.3.2-9] [MQTT-3.3.2-11] an alias above ours: 0x94", 2, {
        {"t", 3, MQW_ERR_TOPIC_ALIAS, NULL, "DL-11"},
        {"", 3, MQW_ERR_TOPIC_ALIAS, NULL, "DL-11"},
        {"t", 65535, MQW_ERR_TOPIC_ALIAS, NULL, "DL-11"},
        {"t", 2, MQW_OK, "t", NULL}}},
    {"DL-11 [MQTT-3.3.2-10] 5 wished for, 4 slots: 4 announced, each taken, 5 above it", 5, {
        {"a", 4, MQW_OK, "a", NULL},
        {"", 4, MQW_OK, "a", NULL},
        {"b", 1, MQW_OK, "b", NULL},
        {"t", 5, MQW_ERR_TOPIC_ALIAS, NULL, "DL-11"}}},
    {"DL-11 none announced: every alias is above it", 0, {
        {"t", 1, MQW_ERR_TOPIC_ALIAS, NULL, "DL-11"},
        {"t", 0, MQW_OK, "t", NULL}}},
    /* The table has 4 slots over 32 bytes: 8 per topic. */
    {"DL-12 a topic longer than a slot holds: 0x97", 4, {
        {"12345678", 1, MQW_OK, "12345678", NULL},
        {"123456789", 2, MQW_ERR_QUOTA, NULL, "DL-12"},
        {"", 1, MQW_OK, "12345678", NULL},
        {"", 2, MQW_ERR_ALIAS_UNKNOWN, NULL, "DL-10"}}},
};
/* clang-format on */

START_TEST(alias_in_table)
{
    const in_row *r = &in_rows[_i];
    mqw_alias_slot slots[4];
    uint8_t pool[32];
    mqw_alias a;
    ck_assert_int_eq(mqw_alias_init(&a, slots, 4, pool, sizeof pool), MQW_OK);
    /* What to announce: the maximum in force, at most the 4 slots. */
    ck_assert_uint_eq(mqw_alias_reset(&a, r->max), r->max < 4 ? r->max : 4);
    size_t ran = 0;
    for (const in_step *s = r->steps; s < r->steps + 8 && s->topic; s++, ran++) {
        mqw_property prop = {.id = MQW_PROP_TOPIC_ALIAS, .v.num = s->alias};
        mqw_publish pub;
        memset(&pub, 0, sizeof pub);
        pub.topic = mqw_cstr(s->topic);
        if (s->alias) {
            pub.props.list = &prop;
            pub.props.n = 1;
        }
        mqw_bytes topic = {NULL, 99};
        mqw_diag diag = {5, "junk", 0};
        int rc = mqw_alias_receive(&a, &pub, &topic, &diag);
        ck_assert_msg(rc == s->rc, "%s step %zu: %s", r->name, ran, mqw_strerror(rc));
        ck_assert_uint_eq(diag.offset, 0);
        if (s->rule)
            ck_assert_str_eq(diag.rule, s->rule);
        else
            ck_assert_ptr_null(diag.rule);
        if (rc == MQW_OK)
            ck_assert_msg(topic.len == strlen(s->want) && !memcmp(topic.ptr, s->want, topic.len),
                          "%s step %zu: topic %.*s", r->name, ran, (int)topic.len,
                          (const char *)topic.ptr);
    }
    ck_assert_uint_gt(ran, 0);
}
END_TEST

/* A parsed 5.0 PUBLISH (raw property block) with Topic Alias 1, then one
 * with an empty Topic Name and the same alias. */
START_TEST(alias_in_parsed)
{
    uint8_t p1[] = {0x30, 0x08, 0x00, 0x02, 's', '/', 0x03, 0x23, 0x00, 0x01};
    uint8_t p2[] = {0x30, 0x07, 0x00, 0x00, 0x03, 0x23, 0x00, 0x01, 'x'};
    mqw_alias_slot slots[1];
    uint8_t pool[16];
    mqw_alias a;
    ck_assert_int_eq(mqw_alias_init(&a, slots, 1, pool, sizeof pool), MQW_OK);
    mqw_alias_reset(&a, 1);
    mqw_publish pub;
    mqw_bytes t;
    ck_assert_int_eq(mqw_publish_parse(p1, sizeof p1, &pub, MQW_V5, NULL, NULL, NULL), MQW_OK);
    ck_assert_int_eq(mqw_alias_receive(&a, &pub, &t, NULL), MQW_OK);
    ck_assert(t.len == 2 && t.ptr == p1 + 4);
    p1[4] = 'q'; /* the receive buffer is reused: the mapping is a copy */
    ck_assert_int_eq(mqw_publish_parse(p2, sizeof p2, &pub, MQW_V5, NULL, NULL, NULL), MQW_OK);
    ck_assert_int_eq(mqw_alias_receive(&a, &pub, &t, NULL), MQW_OK);
    ck_assert(t.len == 2 && !memcmp(t.ptr, "s/", 2));
    /* [MQTT-3.3.2-7] a new connection forgets it. */
    mqw_alias_reset(&a, 1);
    ck_assert_int_eq(mqw_alias_receive(&a, &pub, &t, NULL), MQW_ERR_ALIAS_UNKNOWN);
}
END_TEST

/* ---- outgoing ---------------------------------------------------------- */

static void send_one(mqw_alias *a, const char *topic, uint16_t *alias, bool *named)
{
    mqw_bytes name;
    mqw_bytes t = mqw_cstr(topic);
    mqw_alias_send(a, t, alias, &name);
    *named = name.len != 0;
    if (*named)
        ck_assert(name.ptr == t.ptr && name.len == t.len);
    if (*alias == 0)
        ck_assert(*named);
}

/* Choose, reuse, replace, within the peer's maximum: 40 topics over 5
 * aliases, each sent twice in a row, three rounds. The second send always
 * reuses; a first send names the topic unless its alias still means it,
 * and an alias sent alone must mean that topic on the peer's side. */
START_TEST(alias_out_rules)
{
    mqw_alias_slot slots[8];
    uint8_t pool[8 * 32];
    mqw_alias a;
    ck_assert_int_eq(mqw_alias_init(&a, slots, 8, pool, sizeof pool), MQW_OK);
    uint16_t alias;
    bool named;
    /* Before reset (and on 3.x) the maximum is 0: no alias. */
    send_one(&a, "a/b", &alias, &named);
    ck_assert_uint_eq(alias, 0);
    mqw_alias_reset(&a, 5); /* the peer allows 5 of our 8 */
    char topics[40][24];
    uint16_t mapped[6][24]; /* what the peer has for each alias: topic index + 1 */
    memset(mapped, 0, sizeof mapped);
    unsigned replaced = 0;
    for (unsigned round = 0; round < 3; round++) {
        for (unsigned i = 0; i < 40; i++) {
            snprintf(topics[i], sizeof topics[i], "sensors/%u/temp", i);
            send_one(&a, topics[i], &alias, &named);
            ck_assert_uint_ge(alias, 1);
            ck_assert_uint_le(alias, 5);
            if (named) {
                replaced += mapped[alias][0] != 0;
                mapped[alias][0] = (uint16_t)(i + 1);
            } else {
                /* An alias alone must name this topic on the peer's side. */
                ck_assert_uint_eq(mapped[alias][0], i + 1);
            }
            send_one(&a, topics[i], &alias, &named);
            ck_assert(!named);
            ck_assert_uint_eq(mapped[alias][0], i + 1);
        }
    }
    ck_assert_uint_ge(replaced, 100);
    /* Three topics whose aliases differ keep theirs. */
    const char *few[3] = {"x", "y", "z"};
    uint16_t first[3];
    for (unsigned i = 0; i < 3; i++)
        send_one(&a, few[i], &first[i], &named);
    for (unsigned round = 0; round < 4; round++)
        for (unsigned i = 0; i < 3; i++) {
            send_one(&a, few[i], &alias, &named);
            ck_assert_uint_eq(alias, first[i]);
            bool shared = first[i] == first[(i + 1) % 3] || first[i] == first[(i + 2) % 3];
            ck_assert(named == shared);
        }
    /* Too long for a slot (32 bytes): sent named, no alias. */
    send_one(&a, "a-topic-name-of-33-bytes-is-long!", &alias, &named);
    ck_assert_uint_eq(alias, 0);
    /* [MQTT-3.3.2-7] a new connection: the first send names it again. */
    mqw_alias_reset(&a, 5);
    send_one(&a, topics[0], &alias, &named);
    ck_assert(named && alias >= 1);
}
END_TEST

/* Review finding 9: a PUBLISH that mqw_alias_send mapped but that did not
 * go out; forgetting its alias makes the next one name the topic again
 * (else it would carry the alias alone, unknown to the peer: 0x82). */
START_TEST(alias_out_forget)
{
    mqw_alias_slot slots[4];
    uint8_t pool[4 * 16];
    mqw_alias a;
    ck_assert_int_eq(mqw_alias_init(&a, slots, 4, pool, sizeof pool), MQW_OK);
    mqw_alias_reset(&a, 4);
    uint16_t alias, again;
    bool named;
    send_one(&a, "a/b", &alias, &named);
    ck_assert(named && alias >= 1);
    mqw_alias_forget(&a, alias); /* the builder refused that PUBLISH */
    send_one(&a, "a/b", &again, &named);
    ck_assert(named);
    ck_assert_uint_eq(again, alias);
    /* Sent this time: reused from now on; forgetting nothing changes nothing. */
    mqw_alias_forget(&a, 0);
    mqw_alias_forget(&a, 5);
    mqw_alias_forget(&a, 65535);
    send_one(&a, "a/b", &again, &named);
    ck_assert(!named);
    ck_assert_uint_eq(again, alias);
}
END_TEST

/* Topics that differ only in the middle spread over the slots. */
START_TEST(alias_out_spread)
{
    mqw_alias_slot slots[16];
    uint8_t pool[16 * 64];
    mqw_alias a;
    ck_assert_int_eq(mqw_alias_init(&a, slots, 16, pool, sizeof pool), MQW_OK);
    mqw_alias_reset(&a, 16);
    unsigned used[17] = {0};
    for (unsigned i = 0; i < 160; i++) {
        char t[48];
        snprintf(t, sizeof t, "sensors/building-%03u/floor-3/temp", i);
        uint16_t alias;
        mqw_bytes name;
        mqw_alias_send(&a, mqw_cstr(t), &alias, &name);
        used[alias]++;
    }
    ck_assert_uint_eq(used[0], 0);
    for (unsigned k = 1; k <= 16; k++)
        ck_assert_msg(used[k] >= 2 && used[k] <= 25, "alias %u used %u times of 160", k, used[k]);
}
END_TEST

START_TEST(alias_init_args)
{
    mqw_alias_slot slots[2];
    uint8_t pool[4];
    mqw_alias a;
    ck_assert_int_eq(mqw_alias_init(NULL, slots, 2, pool, 4), MQW_ERR_ARG);
    ck_assert_int_eq(mqw_alias_init(&a, NULL, 2, pool, 4), MQW_ERR_ARG);
    ck_assert_int_eq(mqw_alias_init(&a, slots, 0, pool, 4), MQW_ERR_ARG);
    ck_assert_int_eq(mqw_alias_init(&a, slots, 2, NULL, 4), MQW_ERR_ARG);
    ck_assert_int_eq(mqw_alias_init(&a, slots, 2, pool, 1), MQW_ERR_ARG);
    ck_assert_int_eq(mqw_alias_init(&a, slots, 2, pool, 2), MQW_OK);
    ck_assert_uint_eq(mqw_alias_reset(&a, 100), 2);
    ck_assert_uint_eq(mqw_alias_reset(&a, 1), 1);
    ck_assert_uint_eq(mqw_alias_reset(&a, 0), 0);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("alias");
    TCase *tc = tcase_create("alias");
    tcase_add_loop_test(tc, alias_in_table, 0, (int)ARRAY_LEN(in_rows));
    tcase_add_test(tc, alias_in_parsed);
    tcase_add_test(tc, alias_out_rules);
    tcase_add_test(tc, alias_out_forget);
    tcase_add_test(tc, alias_out_spread);
    tcase_add_test(tc, alias_init_args);
    suite_add_tcase(s, tc);
    return suite_main(s);
}
