/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/* lib/keepalive.c: when a client pings and when either side gives up
 * (3.1.2.10; DL-13, DL-14). Tables of (event, time) -> expected answer. */
#include <string.h>

#include "util.h"

enum { KA_SENT = 1, KA_RECV, KA_PINGRESP, KA_CHECK };

typedef struct ka_step {
    uint8_t ev;
    uint32_t now;
    int rc;        /* KA_CHECK */
    uint8_t send;  /* KA_CHECK: MQW_PINGREQ or 0 */
    uint32_t wait; /* KA_CHECK */
    const char *rule;
} ka_step;

typedef struct ka_row {
    const char *name;
    uint8_t role;
    uint16_t keep_alive;
    uint32_t start;
    ka_step steps[10];
} ka_row;

#define CHECK(t, w)                                                                                \
    {                                                                                              \
        KA_CHECK, (t), MQW_OK, 0, (w), NULL                                                        \
    }
#define PING(t, w)                                                                                 \
    {                                                                                              \
        KA_CHECK, (t), MQW_OK, MQW_PINGREQ, (w), NULL                                              \
    }
#define DEAD(t, r)                                                                                 \
    {                                                                                              \
        KA_CHECK, (t), MQW_ERR_KEEP_ALIVE, 0, UINT32_MAX, (r)                                      \
    }

/* clang-format off */
static const ka_row ka_rows[] = {
    {"[MQTT-3.1.2-23] (5.0 [MQTT-3.1.2-20]) client: PINGREQ after Keep Alive (10 s) with nothing "
     "sent",
     MQW_ROLE_CLIENT, 10, 0, {
        CHECK(0, 10000), CHECK(9999, 1),
        PING(10000, 10000),
        {KA_SENT, 10000, 0, 0, 0, NULL},
        /* Waiting for the PINGRESP: no second PINGREQ. */
        CHECK(15000, 5000),
        {KA_PINGRESP, 15000, 0, 0, 0, NULL},
        CHECK(15000, 5000),
        PING(20000, 10000)}},
    {"client: every packet sent puts the PINGREQ off", MQW_ROLE_CLIENT, 10, 0, {
        {KA_SENT, 4000, 0, 0, 0, NULL}, CHECK(10000, 4000),
        {KA_RECV, 12000, 0, 0, 0, NULL}, PING(14000, 10000)}},
    {"DL-14 client: no PINGRESP a Keep Alive after the PINGREQ", MQW_ROLE_CLIENT, 10, 0, {
        PING(10000, 10000), {KA_RECV, 12000, 0, 0, 0, NULL}, CHECK(19999, 1),
        DEAD(20000, "DL-14")}},
    {"[MQTT-3.1.2-24] (5.0 [MQTT-3.1.2-22]) DL-13 server: a client silent for 1.5 x Keep "
     "Alive", MQW_ROLE_SERVER, 10,
     0, {
        CHECK(0, 15000), CHECK(14999, 1), {KA_RECV, 14999, 0, 0, 0, NULL},
        /* Sending does not count: the client must be heard. */
        {KA_SENT, 20000, 0, 0, 0, NULL}, CHECK(29998, 1), DEAD(29999, "DL-13")}},
    {"Keep Alive 0: off both ways", MQW_ROLE_SERVER, 0, 0, {
        CHECK(0, UINT32_MAX), CHECK(4000000000u, UINT32_MAX)}},
    {"Keep Alive 0 for a client too", MQW_ROLE_CLIENT, 0, 0, {CHECK(100000000, UINT32_MAX)}},
    {"65535 s: 1.5 x fits the millisecond clock", MQW_ROLE_SERVER, 65535, 0, {
        CHECK(98302499, 1), DEAD(98302500, "DL-13")}},
    {"time wraps at 2^32", MQW_ROLE_CLIENT, 10, 4294962296u, {
        CHECK(4294967295u, 5001), CHECK(4999, 1), PING(5000, 10000)}},
};
/* clang-format on */

START_TEST(keepalive_table)
{
    const ka_row *r = &ka_rows[_i];
    mqw_keepalive ka;
    mqw_keepalive_init(&ka, r->role, r->keep_alive, r->start);
    size_t ran = 0;
    for (const ka_step *s = r->steps; s < r->steps + 10 && s->ev; s++, ran++) {
        if (s->ev == KA_SENT) {
            mqw_keepalive_sent(&ka, s->now);
        } else if (s->ev == KA_RECV) {
            mqw_keepalive_received(&ka, MQW_PUBLISH, s->now);
        } else if (s->ev == KA_PINGRESP) {
            mqw_keepalive_received(&ka, MQW_PINGRESP, s->now);
        } else {
            uint8_t send = 0xEE;
            uint32_t wait = 7;
            mqw_diag diag = {5, "junk", 0};
            int rc = mqw_keepalive_check(&ka, s->now, &send, &wait, &diag);
            ck_assert_msg(rc == s->rc, "%s step %zu: %s", r->name, ran, mqw_strerror(rc));
            ck_assert_msg(send == s->send, "%s step %zu: send %u", r->name, ran, send);
            ck_assert_msg(wait == s->wait, "%s step %zu: wait %u, want %u", r->name, ran,
                          (unsigned)wait, (unsigned)s->wait);
            ck_assert_uint_eq(diag.offset, 0);
            if (s->rule)
                ck_assert_str_eq(diag.rule, s->rule);
            else
                ck_assert_ptr_null(diag.rule);
        }
    }
    ck_assert_uint_gt(ran, 0);
}
END_TEST

/* NULL outputs are allowed. */
START_TEST(keepalive_null_outputs)
{
    mqw_keepalive ka;
    mqw_keepalive_init(&ka, MQW_ROLE_CLIENT, 1, 0);
    ck_assert_int_eq(mqw_keepalive_check(&ka, 1000, NULL, NULL, NULL), MQW_OK);
    ck_assert_int_eq(mqw_keepalive_check(&ka, 2000, NULL, NULL, NULL), MQW_ERR_KEEP_ALIVE);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("keepalive");
    TCase *tc = tcase_create("keepalive");
    tcase_add_loop_test(tc, keepalive_table, 0, (int)ARRAY_LEN(ka_rows));
    tcase_add_test(tc, keepalive_null_outputs);
    suite_add_tcase(s, tc);
    return suite_main(s);
}
