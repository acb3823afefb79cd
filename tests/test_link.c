/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/* lib/link.c: what CONNECT and CONNACK settle for a connection, from
 * parsed packets (raw property blocks) and from builders' lists. */
#include <string.h>

#include "util.h"

typedef struct link_row {
    const char *name;
    bool server;         /* mqw_link_server, else mqw_link_client */
    const char *connect; /* hex: the CONNECT */
    const char *connack; /* hex: the CONNACK, for the CONNECT's version */
    mqw_link want;
} link_row;

/* clang-format off */
static const link_row link_rows[] = {
    {"3.1.1 client, Session Present 1", false,
     "10 0D 00 04 4D 51 54 54 04 00 00 3C 00 01 63", "20 02 01 00",
     {MQW_V311, true, 60, 65535, 0}},
    {"3.1.1 client, Session Present 0", false,
     "10 0D 00 04 4D 51 54 54 04 00 00 3C 00 01 63", "20 02 00 00",
     {MQW_V311, false, 60, 65535, 0}},
    {"31-9 3.1 client: Clean Session 0 means the session goes on", false,
     "10 0F 00 06 4D 51 49 73 64 70 03 00 00 0A 00 01 63", "20 02 00 00",
     {MQW_V31, true, 10, 65535, 0}},
    {"3.1 client with Clean Session 1", false,
     "10 0F 00 06 4D 51 49 73 64 70 03 02 00 0A 00 01 63", "20 02 00 00",
     {MQW_V31, false, 10, 65535, 0}},
    /* CONNACK props: Receive Maximum 20, Topic Alias Maximum 5, Server
     * Keep Alive 30. */
    {"[MQTT-3.2.2-21] 5.0 client: Server Keep Alive, Receive Maximum, Topic Alias Maximum",
     false, "10 0E 00 04 4D 51 54 54 05 00 00 3C 00 00 01 63",
     "20 0C 01 00 09 21 00 14 22 00 05 13 00 1E", {MQW_V5, true, 30, 20, 5}},
    {"5.0 client: a CONNACK without them", false,
     "10 0E 00 04 4D 51 54 54 05 02 00 3C 00 00 01 63", "20 03 00 00 00",
     {MQW_V5, false, 60, 65535, 0}},
    /* CONNECT props: Receive Maximum 7, Topic Alias Maximum 3. */
    {"5.0 server: the client's limits, its Keep Alive", true,
     "10 14 00 04 4D 51 54 54 05 00 00 3C 06 21 00 07 22 00 03 00 01 63",
     "20 03 01 00 00", {MQW_V5, true, 60, 7, 3}},
    {"[MQTT-3.2.2-21] 5.0 server that sends Server Keep Alive 0 (off)", true,
     "10 0E 00 04 4D 51 54 54 05 00 00 3C 00 00 01 63", "20 06 00 00 03 13 00 00",
     {MQW_V5, false, 0, 65535, 0}},
    /* The 3.1 CONNACK's first byte is unused: 00 whatever was kept. */
    {"31-9 3.1 server: Clean Session 0 means the session goes on", true,
     "10 0F 00 06 4D 51 49 73 64 70 03 00 00 0A 00 01 63", "20 02 00 00",
     {MQW_V31, true, 10, 65535, 0}},
    {"3.1 server with Clean Session 1", true,
     "10 0F 00 06 4D 51 49 73 64 70 03 02 00 0A 00 01 63", "20 02 00 00",
     {MQW_V31, false, 10, 65535, 0}},
    {"3.1.1 server", true,
     "10 0D 00 04 4D 51 54 54 04 00 00 3C 00 01 63", "20 02 01 00",
     {MQW_V311, true, 60, 65535, 0}},
};
/* clang-format on */

START_TEST(link_table)
{
    const link_row *r = &link_rows[_i];
    uint8_t cb[64], ab[64];
    size_t cn = hex_decode(r->connect, cb, sizeof cb, NULL);
    size_t an = hex_decode(r->connack, ab, sizeof ab, NULL);
    mqw_connect c;
    mqw_connack a;
    ck_assert_int_eq(mqw_connect_parse(cb, cn, &c, NULL, NULL, NULL), MQW_OK);
    ck_assert_int_eq(mqw_connack_parse(ab, an, &a, c.version, NULL, NULL, NULL), MQW_OK);
    mqw_link got;
    memset(&got, 0xA5, sizeof got);
    if (r->server)
        mqw_link_server(&got, &c, &a);
    else
        mqw_link_client(&got, &c, &a);
    ck_assert_uint_eq(got.version, r->want.version);
    ck_assert_uint_eq(got.session_present, r->want.session_present);
    ck_assert_uint_eq(got.keep_alive, r->want.keep_alive);
    ck_assert_uint_eq(got.receive_max, r->want.receive_max);
    ck_assert_uint_eq(got.alias_max, r->want.alias_max);
}
END_TEST

/* The same from a builder's property list (what a client holds of the
 * CONNECT it sent, what a server holds of its CONNACK). */
START_TEST(link_from_lists)
{
    const mqw_property cp[] = {{.id = MQW_PROP_TOPIC_ALIAS_MAXIMUM, .v.num = 9}};
    const mqw_property ap[] = {{.id = MQW_PROP_SERVER_KEEP_ALIVE, .v.num = 5},
                               {.id = MQW_PROP_RECEIVE_MAXIMUM, .v.num = 2}};
    mqw_connect c;
    memset(&c, 0, sizeof c);
    c.version = MQW_V5;
    c.keep_alive = 100;
    c.props.list = cp;
    c.props.n = 1;
    mqw_connack a;
    memset(&a, 0, sizeof a);
    a.session_present = true;
    a.props.list = ap;
    a.props.n = 2;
    mqw_link l;
    mqw_link_server(&l, &c, &a);
    ck_assert_uint_eq(l.keep_alive, 5);
    ck_assert_uint_eq(l.alias_max, 9);
    ck_assert_uint_eq(l.receive_max, 65535);
    ck_assert(l.session_present);
    mqw_link_client(&l, &c, &a);
    ck_assert_uint_eq(l.keep_alive, 5);
    ck_assert_uint_eq(l.alias_max, 0);
    ck_assert_uint_eq(l.receive_max, 2);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("link");
    TCase *tc = tcase_create("link");
    tcase_add_loop_test(tc, link_table, 0, (int)ARRAY_LEN(link_rows));
    tcase_add_test(tc, link_from_lists);
    suite_add_tcase(s, tc);
    return suite_main(s);
}
