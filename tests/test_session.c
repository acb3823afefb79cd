/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/*
 * lib/session.c: one connection's session. Tables of event scripts (see
 * session_script.h), each named by the rules it shows: the DL rows of
 * mqttwire.h's "Delivery rules" section and the specification's own ids.
 * Everything expected is written out by hand from the specifications.
 */
#include <stdio.h>
#include <string.h>

#include "session_script.h"
#include "util.h"

#define MAX_FLIGHTS 8
#define MAX_HELD 8

typedef struct session_row {
    const char *name;
    uint8_t role;     /* default client */
    uint8_t qos2;     /* MQW_QOS2_* */
    uint16_t flights; /* default 4 */
    uint16_t held;    /* default 4 */
    uint16_t rm;      /* our Receive Maximum, 0 = 65535 */
    uint8_t resend_limit;
    uint32_t flags; /* mqw_session_config.flags */
    const char *const *lines;
} session_row;

/* 3.x resend delays of the rows that resend: 10 s, then 20 s, then 60 s. */
static const uint32_t backoff[] = {10000, 20000, 60000};

static void row_env(script_env *env, const session_row *r, mqw_flight *fl, mqw_held *held)
{
    mqw_session_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.role = r->role ? r->role : MQW_ROLE_CLIENT;
    cfg.qos2 = r->qos2;
    cfg.flights = fl;
    cfg.n_flights = r->flights ? r->flights : 4;
    cfg.held = held;
    cfg.n_held = r->held ? r->held : 4;
    cfg.receive_max = r->rm;
    cfg.resend_ms = backoff;
    cfg.resend_n = ARRAY_LEN(backoff);
    cfg.resend_limit = r->resend_limit;
    cfg.flags = r->flags;
    ck_assert(cfg.n_flights <= MAX_FLIGHTS && cfg.n_held <= MAX_HELD);
    memset(env, 0, sizeof *env);
    ck_assert_int_eq(mqw_session_init(&env->s, &cfg), MQW_OK);
}

static unsigned long script_steps;

static void run_row(const session_row *r)
{
    mqw_flight fl[MAX_FLIGHTS];
    mqw_held held[MAX_HELD];
    script_env env;
    row_env(&env, r, fl, held);
    script_run(&env, r->name, r->lines);
    script_steps += env.steps;
}

#define LINES(...)                                                                                 \
    (const char *const[])                                                                          \
    {                                                                                              \
        __VA_ARGS__, NULL                                                                          \
    }

/* clang-format off */

/* ---- Packet Identifiers ------------------------------------------------ */

static const session_row id_rows[] = {
    {"[MQTT-2.3.1-2] identifiers of 4 slots: 1..4, each slot's next is +4 (never one in use)",
     .lines = LINES(
        "connect v311 => none",
        "publish q1 c1 => send PUBLISH q1 id1 c1",
        "publish q2 c2 => send PUBLISH q2 id2 c2",
        "subscribe n1 c3 => send SUBSCRIBE id3 c3",
        "unsubscribe n2 c4 => send UNSUBSCRIBE id4 c4",
        /* [MQTT-2.3.1-2]: all four in use: the answer is FULL, not a reuse. */
        "publish q1 c5 => error FULL",
        "subscribe n1 c5 => error FULL",
        "recv PUBACK 1 => done ACKED req PUBLISH q1 id1 c1",
        /* The freed slot gives 1 + 4, not 1 again: a late ack of 1 cannot
         * finish the new flow. */
        "publish q1 c6 => send PUBLISH q1 id5 c6",
        "recv SUBACK 3 n=1 => done ACKED req SUBSCRIBE id3 c3",
        "publish q2 c7 => send PUBLISH q2 id7 c7",
        "recv PUBACK 1 => error ACK_UNKNOWN DL-1")},
    {"[MQTT-2.3.1-2] one slot: identifiers 1, 2, 3 ... in turn",
     .flights = 1, .lines = LINES(
        "connect v5 => none",
        "publish q1 c1 => send PUBLISH q1 id1 c1",
        "publish q1 c2 => error FULL",
        "recv PUBACK 1 => done ACKED req PUBLISH q1 id1 c1",
        "publish q1 c2 => send PUBLISH q1 id2 c2",
        "recv PUBACK 2 => done ACKED req PUBLISH q1 id2 c2",
        "publish q2 c3 => send PUBLISH q2 id3 c3")},
    {"QoS 0 takes no identifier and no slot",
     .flights = 1, .lines = LINES(
        "connect v311 => none",
        "publish q1 c1 => send PUBLISH q1 id1 c1",
        "publish q0 c2 => send PUBLISH c2",
        "publish q0 c3 => send PUBLISH c3")},
    {"caller mistakes: QoS 3, QoS 0 offline, SUBSCRIBE offline or empty",
     .lines = LINES(
        "publish q3 c1 => error ARG",
        "publish q0 c1 => error STATE",
        "subscribe n1 c1 => error STATE",
        "connect v311 => none",
        "connect v311 => error STATE",
        "subscribe n0 c1 => error ARG",
        "unsubscribe n0 c1 => error ARG",
        "recv PUBACK 1 => error ACK_UNKNOWN DL-1",
        "drop => none",
        "recv PUBACK 1 => error STATE")},
    {"a server does not SUBSCRIBE", .role = MQW_ROLE_SERVER,
     .lines = LINES(
        "connect v311 => none",
        "subscribe n1 c1 => error DIRECTION",
        "unsubscribe n1 c1 => error DIRECTION",
        "publish q1 c1 => send PUBLISH q1 id1 c1")},
};

/* ---- sender flows ------------------------------------------------------ */

static const session_row sender_rows[] = {
    {"[MQTT-4.3.2-1] QoS 1: PUBLISH -> PUBACK", .lines = LINES(
        "connect v311 => none",
        "publish q1 c9 => send PUBLISH q1 id1 c9",
        "recv PUBACK 1 => done ACKED req PUBLISH q1 id1 c9",
        "next => none")},
    {"[MQTT-4.3.3-1] QoS 2: PUBLISH -> PUBREC -> PUBREL -> PUBCOMP", .lines = LINES(
        "connect v311 => none",
        "publish q2 c9 => send PUBLISH q2 id1 c9",
        "recv PUBREC 1 => send PUBREL id1",
        "recv PUBCOMP 1 => done ACKED req PUBLISH q2 id1 c9")},
    {"5.0 QoS 1: a PUBACK >= 0x80 ends the flow as refused; 0x10 is success",
     .lines = LINES(
        "connect v5 => none",
        "publish q1 c1 => send PUBLISH q1 id1 c1",
        "publish q1 c2 => send PUBLISH q1 id2 c2",
        "recv PUBACK 1 code=0x87 => done REFUSED req PUBLISH q1 id1 result=0x87 c1",
        "recv PUBACK 2 code=0x10 => done ACKED req PUBLISH q1 id2 result=0x10 c2")},
    {"[MQTT-4.3.3-?] 5.0 QoS 2: a PUBREC >= 0x80 ends the flow, no PUBREL", .lines = LINES(
        "connect v5 => none",
        "publish q2 c1 => send PUBLISH q2 id1 c1",
        "recv PUBREC 1 code=0x97 => done REFUSED req PUBLISH q2 id1 result=0x97 c1",
        "recv PUBCOMP 1 => error ACK_UNKNOWN DL-1",
        "publish q2 c2 => send PUBLISH q2 id5 c2",
        "recv PUBREC 5 code=0x10 => send PUBREL id5",
        "recv PUBCOMP 5 => done ACKED req PUBLISH q2 id5 c2")},
    {"5.0 QoS 2: PUBCOMP 0x92 ends the flow with the code", .lines = LINES(
        "connect v5 => none",
        "publish q2 c1 => send PUBLISH q2 id1 c1",
        "recv PUBREC 1 => send PUBREL id1",
        "recv PUBCOMP 1 code=0x92 => done ACKED req PUBLISH q2 id1 result=0x92 c1")},
    {"3.x acks carry no code: a stray code byte is not read", .lines = LINES(
        "connect v311 => none",
        "publish q1 c1 => send PUBLISH q1 id1 c1",
        "recv PUBACK 1 code=0x87 => done ACKED req PUBLISH q1 id1 c1")},
    {"DL-1 every ack for an identifier not in flight", .lines = LINES(
        "connect v5 => none",
        "recv PUBACK 7 => error ACK_UNKNOWN DL-1",
        "recv PUBREC 7 => error ACK_UNKNOWN DL-1",
        "recv PUBCOMP 7 => error ACK_UNKNOWN DL-1",
        "recv SUBACK 7 n=1 => error ACK_UNKNOWN DL-1",
        "recv UNSUBACK 7 n=1 => error ACK_UNKNOWN DL-1",
        "recv PUBACK 65535 => error ACK_UNKNOWN DL-1",
        "recv PUBACK 0 => error ACK_UNKNOWN DL-1")},
    {"DL-2 DL-3 DL-4 DL-5 an ack that does not fit the flow", .lines = LINES(
        "connect v5 => none",
        "publish q1 c1 => send PUBLISH q1 id1 c1",
        "publish q2 c2 => send PUBLISH q2 id2 c2",
        "subscribe n1 c3 => send SUBSCRIBE id3 c3",
        "recv PUBACK 2 => error ACK_STATE DL-2",
        "recv PUBACK 3 => error ACK_STATE DL-2",
        "recv PUBREC 1 => error ACK_STATE DL-3",
        "recv PUBREC 3 => error ACK_STATE DL-3",
        "recv PUBCOMP 1 => error ACK_STATE DL-4",
        "recv PUBCOMP 2 => error ACK_STATE DL-4",
        "recv SUBACK 1 n=1 => error ACK_STATE DL-5",
        "recv UNSUBACK 3 n=1 => error ACK_STATE DL-5",
        /* A violation changes nothing: the flows go on. */
        "recv PUBACK 1 => done ACKED req PUBLISH q1 id1 c1",
        "recv PUBREC 2 => send PUBREL id2",
        "recv PUBACK 2 => error ACK_STATE DL-2",
        "recv PUBCOMP 2 => done ACKED req PUBLISH q2 id2 c2",
        "recv SUBACK 3 n=1 => done ACKED req SUBSCRIBE id3 c3")},
    {"DL-6 DL-7 [MQTT-3.9.3-1] [MQTT-3.11.3-1] SUBACK / UNSUBACK codes counted", .lines = LINES(
        "connect v5 => none",
        "subscribe n3 c1 => send SUBSCRIBE id1 c1",
        "unsubscribe n2 c2 => send UNSUBSCRIBE id2 c2",
        "recv SUBACK 1 n=2 => error ACK_COUNT DL-6",
        "recv SUBACK 1 n=4 => error ACK_COUNT DL-6",
        "recv UNSUBACK 2 n=1 => error ACK_COUNT DL-7",
        "recv SUBACK 1 n=3 => done ACKED req SUBSCRIBE id1 c1",
        "recv UNSUBACK 2 n=2 => done ACKED req UNSUBSCRIBE id2 c2")},
    {"3.x UNSUBACK has no codes to count", .lines = LINES(
        "connect v311 => none",
        "unsubscribe n2 c2 => send UNSUBSCRIBE id1 c2",
        "recv UNSUBACK 1 => done ACKED req UNSUBSCRIBE id1 c2")},
    {"a PUBREC after the PUBREL (the answer to a resent PUBLISH) gets the PUBREL again",
     .lines = LINES(
        "connect v311 => none",
        "publish q2 c1 => send PUBLISH q2 id1 c1",
        "recv PUBREC 1 => send PUBREL id1",
        "recv PUBREC 1 => send PUBREL id1",
        "recv PUBCOMP 1 => done ACKED req PUBLISH q2 id1 c1")},
    {"DL-3 [MQTT-4.4.0-1] 5.0: a second PUBREC (any code) is a violation, not answered again",
     .lines = LINES(
        "connect v5 => none",
        "publish q2 c1 => send PUBLISH q2 id1 c1",
        "recv PUBREC 1 => send PUBREL id1",
        "recv PUBREC 1 => error ACK_STATE DL-3",
        "recv PUBREC 1 code=0x80 => error ACK_STATE DL-3",
        "recv PUBCOMP 1 => done ACKED req PUBLISH q2 id1 c1")},
    {"31-12 on 3.1 that repeated PUBREL carries DUP", .lines = LINES(
        "connect v31 => none",
        "publish q2 c1 => send PUBLISH q2 id1 c1",
        "recv PUBREC 1 => send PUBREL id1",
        "recv PUBREC 1 => send PUBREL dup id1")},
    {"packets outside the session's business are nothing to do", .lines = LINES(
        "connect v5 => none",
        "recv PINGRESP => none",
        "recv CONNACK => none",
        "recv DISCONNECT => none")},
};

/* ---- receiver flows ---------------------------------------------------- */

static const session_row receiver_rows[] = {
    {"[MQTT-4.3.1-1] QoS 0 delivered, nothing sent", .lines = LINES(
        "connect v311 => none",
        "recv PUBLISH q0 0 => deliver NOW")},
    {"[MQTT-4.3.2-2] QoS 1 delivered and acknowledged, again when resent (at least once)",
     .lines = LINES(
        "connect v311 => none",
        "recv PUBLISH q1 5 => send PUBACK id5 deliver NOW",
        "recv PUBLISH q1 5 dup => send PUBACK id5 deliver NOW")},
    {"[MQTT-4.3.3-2] QoS 2 delivered at once, identifier held: a duplicate is only answered",
     .role = MQW_ROLE_SERVER, .lines = LINES(
        "connect v311 => none",
        "recv PUBLISH q2 9 => send PUBREC id9 deliver NOW",
        "recv PUBLISH q2 9 dup => send PUBREC id9",
        "recv PUBLISH q2 9 => send PUBREC id9",
        "recv PUBREL 9 => send PUBCOMP id9",
        /* Released: the same identifier is a new message now. */
        "recv PUBLISH q2 9 => send PUBREC id9 deliver NOW",
        "recv PUBREL 9 => send PUBCOMP id9")},
    {"QoS 2 stored and delivered on PUBREL (4.3.3 method A)", .qos2 = MQW_QOS2_ON_PUBREL,
     .lines = LINES(
        "connect v5 => none",
        "recv PUBLISH q2 9 => send PUBREC id9 deliver STORE slot=0",
        "recv PUBLISH q2 10 => send PUBREC id10 deliver STORE slot=1",
        "recv PUBLISH q2 9 dup => send PUBREC id9",
        "recv PUBREL 10 => send PUBCOMP id10 deliver STORED slot=1",
        "recv PUBREL 9 => send PUBCOMP id9 deliver STORED slot=0",
        "recv PUBLISH q2 11 => send PUBREC id11 deliver STORE slot=0")},
    {"5.0 PUBREL for an identifier not held: PUBCOMP 0x92", .lines = LINES(
        "connect v5 => none",
        "recv PUBREL 4 => send PUBCOMP id4 code=0x92 result=0x92",
        "recv PUBLISH q2 4 => send PUBREC id4 deliver NOW",
        "recv PUBREL 4 => send PUBCOMP id4",
        "recv PUBREL 4 => send PUBCOMP id4 code=0x92 result=0x92")},
    {"3.x PUBREL for an identifier not held: PUBCOMP all the same, code 0; result 0x92 tells the "
     "caller (a PUBREL that released one has result 0)", .lines = LINES(
        "connect v311 => none",
        "recv PUBREL 4 => send PUBCOMP id4 result=0x92",
        "recv PUBLISH q2 4 => send PUBREC id4 deliver NOW",
        "recv PUBREL 4 => send PUBCOMP id4",
        "recv PUBREL 4 => send PUBCOMP id4 result=0x92")},
    {"held identifiers that share a bucket (1, 5, 9 with 4 entries)", .lines = LINES(
        "connect v311 => none",
        "recv PUBLISH q2 1 => send PUBREC id1 deliver NOW",
        "recv PUBLISH q2 5 => send PUBREC id5 deliver NOW",
        "recv PUBLISH q2 9 => send PUBREC id9 deliver NOW",
        "recv PUBLISH q2 5 => send PUBREC id5",
        "recv PUBREL 5 => send PUBCOMP id5",
        "recv PUBLISH q2 9 => send PUBREC id9",
        "recv PUBLISH q2 1 => send PUBREC id1",
        "recv PUBREL 1 => send PUBCOMP id1",
        "recv PUBREL 9 => send PUBCOMP id9",
        "recv PUBLISH q2 5 => send PUBREC id5 deliver NOW")},
    {"DL-8 [MQTT-3.3.4-9] 5.0: a server past our Receive Maximum (2): 0x93", .rm = 2,
     .lines = LINES(
        "connect v5 => none",
        "recv PUBLISH q2 1 => send PUBREC id1 deliver NOW",
        "recv PUBLISH q2 2 => send PUBREC id2 deliver NOW",
        "recv PUBLISH q2 3 => error RECEIVE_MAXIMUM DL-8",
        "recv PUBLISH q1 3 => error RECEIVE_MAXIMUM DL-8",
        /* QoS 0 is outside the quota; a duplicate adds nothing. */
        "recv PUBLISH q0 0 => deliver NOW",
        "recv PUBLISH q2 2 dup => send PUBREC id2",
        "recv PUBREL 1 => send PUBCOMP id1",
        "recv PUBLISH q2 3 => send PUBREC id3 deliver NOW")},
    {"5.0 §2.2.1 a QoS 2 message refused with PUBREC 0x87: its identifier is free at once, "
     "the next PUBLISH on it is new, and it takes no place in Receive Maximum (2)",
     .role = MQW_ROLE_SERVER, .rm = 2, .lines = LINES(
        "connect v5 => none",
        "recv PUBLISH q2 1 => send PUBREC id1 deliver NOW",
        "refuse code=0x87 => send PUBREC id1 code=0x87",
        "recv PUBLISH q2 1 => send PUBREC id1 deliver NOW",
        "recv PUBLISH q2 2 => send PUBREC id2 deliver NOW",
        "recv PUBLISH q2 3 => error RECEIVE_MAXIMUM DL-8",
        "recv PUBREL 1 => send PUBCOMP id1",
        "recv PUBLISH q2 3 => send PUBREC id3 deliver NOW",
        "refuse code=0x97 => send PUBREC id3 code=0x97",
        "recv PUBLISH q2 4 => send PUBREC id4 deliver NOW")},
    {"5.0 a QoS 1 message refused with PUBACK 0x87, a stored QoS 2 one with PUBREC 0x97",
     .qos2 = MQW_QOS2_ON_PUBREL, .lines = LINES(
        "connect v5 => none",
        "recv PUBLISH q1 5 => send PUBACK id5 deliver NOW",
        "refuse code=0x87 => send PUBACK id5 code=0x87",
        "recv PUBLISH q2 9 => send PUBREC id9 deliver STORE slot=0",
        "refuse code=0x97 => send PUBREC id9 code=0x97",
        /* A PUBREL after all: the identifier is not held. */
        "recv PUBREL 9 => send PUBCOMP id9 code=0x92 result=0x92",
        "recv PUBLISH q2 10 => send PUBREC id10 deliver STORE slot=0")},
    {"what cannot be refused: a duplicate, a success code, a code the ack cannot carry, "
     "anything but a PUBLISH's ack", .lines = LINES(
        "connect v5 => none",
        "recv PUBLISH q2 9 => send PUBREC id9 deliver NOW",
        "refuse code=0x10 => error ARG",
        "refuse code=0x8D => error ARG",
        "recv PUBLISH q2 9 dup => send PUBREC id9",
        "refuse code=0x87 => error ARG",
        "recv PUBREL 9 => send PUBCOMP id9",
        "refuse code=0x87 => error ARG",
        "recv PUBLISH q0 0 => deliver NOW",
        "refuse code=0x87 => error ARG")},
    {"[MQTT-3.3.5-2] 3.x cannot refuse: acknowledge or close", .lines = LINES(
        "connect v311 => none",
        "recv PUBLISH q1 5 => send PUBACK id5 deliver NOW",
        "refuse code=0x87 => error STATE",
        "recv PUBLISH q2 6 => send PUBREC id6 deliver NOW",
        "refuse code=0x87 => error STATE",
        "recv PUBLISH q2 6 => send PUBREC id6")},
    {"C-29 MQW_LENIENT_RECEIVE_MAXIMUM: a QoS 2 PUBLISH counts until its PUBREC, as mosquitto "
     "2.0.11 counts (it sends past [MQTT-3.3.4-9]): no DL-8, DL-9 still", .rm = 2, .held = 3,
     .flags = MQW_LENIENT_RECEIVE_MAXIMUM, .lines = LINES(
        "connect v5 => none",
        "recv PUBLISH q2 1 => send PUBREC id1 deliver NOW",
        "recv PUBLISH q2 2 => send PUBREC id2 deliver NOW",
        "recv PUBLISH q2 3 => send PUBREC id3 deliver NOW",
        "recv PUBLISH q1 4 => send PUBACK id4 deliver NOW",
        "recv PUBLISH q2 5 => error QUOTA DL-9",
        "state => held=3")},
    {"DL-9 3.x: more QoS 2 identifiers than slots to hold them", .held = 2, .lines = LINES(
        "connect v311 => none",
        "recv PUBLISH q2 1 => send PUBREC id1 deliver NOW",
        "recv PUBLISH q2 2 => send PUBREC id2 deliver NOW",
        "recv PUBLISH q2 3 => error QUOTA DL-9",
        "recv PUBLISH q1 3 => send PUBACK id3 deliver NOW")},
    {"DL-9 5.0 with a Receive Maximum announced above the slots", .held = 1, .rm = 10,
     .lines = LINES(
        "connect v5 => none",
        "recv PUBLISH q2 1 => send PUBREC id1 deliver NOW",
        "recv PUBLISH q2 2 => error QUOTA DL-9")},
};

/* ---- the in-flight window ---------------------------------------------- */

static const session_row window_rows[] = {
    {"[MQTT-4.9.0-2] [MQTT-3.3.4-7] 5.0 peer Receive Maximum 2 with 4 slots: the third waits, in order",
     .lines = LINES(
        "connect v5 rm=2 => none",
        "publish q1 c1 => send PUBLISH q1 id1 c1",
        "publish q2 c2 => send PUBLISH q2 id2 c2",
        "publish q1 c3 => q1 id3 c3",
        "publish q1 c4 => q1 id4 c4",
        "publish q1 c5 => error FULL",
        "next => none",
        /* A PUBREC does not free the place: the flow is in flight until
         * PUBCOMP. */
        "recv PUBREC 2 => send PUBREL id2",
        "next => none",
        "recv PUBACK 1 => done ACKED req PUBLISH q1 id1 c1",
        "next => send PUBLISH q1 id3 c3",
        "next => none",
        "recv PUBCOMP 2 => done ACKED req PUBLISH q2 id2 c2",
        "next => send PUBLISH q1 id4 c4",
        "next => none",
        "publish q1 c5 => q1 id6 c5",
        "recv PUBACK 3 => done ACKED req PUBLISH q1 id3 c3",
        "next => send PUBLISH q1 id6 c5")},
    {"a 5.0 PUBREC >= 0x80 frees the place", .lines = LINES(
        "connect v5 rm=1 => none",
        "publish q2 c1 => send PUBLISH q2 id1 c1",
        "publish q2 c2 => q2 id2 c2",
        "recv PUBREC 1 code=0x80 => done REFUSED req PUBLISH q2 id1 result=0x80 c1",
        "next => send PUBLISH q2 id2 c2")},
    {"the caller's capacity is the window on 3.x", .flights = 2, .lines = LINES(
        "connect v311 rm=1 => none",
        "publish q1 c1 => send PUBLISH q1 id1 c1",
        "publish q1 c2 => send PUBLISH q1 id2 c2",
        "publish q1 c3 => error FULL")},
    {"mqw_session_flows, _inflight, _held: slots in use, the window of this connection, "
     "identifiers held", .lines = LINES(
        "state => flows=0 inflight=0 held=0",
        "publish q1 c1 => q1 id1 c1",
        "state => flows=1 inflight=0 held=0",
        "connect v5 sp rm=2 => none",
        "next => send PUBLISH q1 id1 c1",
        "publish q2 c2 => send PUBLISH q2 id2 c2",
        "publish q1 c3 => q1 id3 c3",
        "subscribe n1 c4 => send SUBSCRIBE id4 c4",
        "state => flows=4 inflight=2 held=0",
        "recv PUBLISH q2 7 => send PUBREC id7 deliver NOW",
        "recv PUBREC 2 => send PUBREL id2",
        "state => flows=4 inflight=2 held=1",
        "recv PUBACK 1 => done ACKED req PUBLISH q1 id1 c1",
        "next => send PUBLISH q1 id3 c3",
        "recv SUBACK 4 n=1 => done ACKED req SUBSCRIBE id4 c4",
        "state => flows=2 inflight=2 held=1",
        "drop => none",
        "state => flows=2 inflight=0 held=1",
        "connect v5 sp => none",
        "next => send PUBLISH q1 dup id3 c3",
        "next => send PUBREL id2",
        "state => flows=2 inflight=1 held=1",
        "recv PUBREL 7 => send PUBCOMP id7",
        "recv PUBCOMP 2 => done ACKED req PUBLISH q2 id2 c2",
        "recv PUBACK 3 => done ACKED req PUBLISH q1 id3 c3",
        "state => flows=0 inflight=0 held=0")},
    {"SUBSCRIBE is outside the window", .lines = LINES(
        "connect v5 rm=1 => none",
        "publish q1 c1 => send PUBLISH q1 id1 c1",
        "subscribe n1 c2 => send SUBSCRIBE id2 c2",
        "publish q1 c3 => q1 id3 c3")},
    {"[MQTT-4.6.0-*] window 1: each QoS 2 flow completes before the next begins",
     .lines = LINES(
        "connect v5 rm=1 => none",
        "publish q2 c1 => send PUBLISH q2 id1 c1",
        "publish q2 c2 => q2 id2 c2",
        "publish q2 c3 => q2 id3 c3",
        "recv PUBREC 1 => send PUBREL id1",
        "next => none",
        "recv PUBCOMP 1 => done ACKED req PUBLISH q2 id1 c1",
        "next => send PUBLISH q2 id2 c2",
        "next => none",
        "recv PUBREC 2 => send PUBREL id2",
        "recv PUBCOMP 2 => done ACKED req PUBLISH q2 id2 c2",
        "next => send PUBLISH q2 id3 c3",
        "recv PUBREC 3 => send PUBREL id3",
        "recv PUBCOMP 3 => done ACKED req PUBLISH q2 id3 c3",
        "next => none")},
};

/* ---- resend, reconnect ------------------------------------------------- */

static const session_row resend_rows[] = {
    {"3.x resend after 10 s, 20 s, 60 s, 60 s with DUP; then DL-15", .resend_limit = 4,
     .lines = LINES(
        "connect v311 t=1000 => none",
        "publish q1 c1 => send PUBLISH q1 id1 c1",
        "tick t=5000 => wait=6000",
        "next => none",
        "tick t=11000 => none",
        "next => send PUBLISH q1 dup id1 c1",
        "next => none",
        "tick t=30999 => wait=1",
        "tick t=31000 => wait=60000",
        "next => send PUBLISH q1 dup id1 c1",
        "tick t=91000 => none",
        "next => send PUBLISH q1 dup id1 c1",
        "tick t=151000 => none",
        "next => send PUBLISH q1 dup id1 c1",
        "tick t=211000 => error RESEND_LIMIT DL-15",
        /* The session keeps it for the next connection. */
        "drop => none",
        "connect v311 sp t=300000 => none",
        "next => send PUBLISH q1 dup id1 c1",
        "recv PUBACK 1 => done ACKED req PUBLISH q1 id1 c1")},
    {"3.x QoS 2 resend: PUBLISH with DUP until PUBREC, then the PUBREL (no DUP on 3.1.1)",
     .resend_limit = 3, .lines = LINES(
        "connect v311 => none",
        "publish q2 c1 => send PUBLISH q2 id1 c1",
        "tick t=10000 => none",
        "next => send PUBLISH q2 dup id1 c1",
        "recv PUBREC 1 t=12000 => send PUBREL id1",
        "tick t=21999 => wait=1",
        "tick t=22000 => none",
        "next => send PUBREL id1",
        "recv PUBCOMP 1 => done ACKED req PUBLISH q2 id1 c1",
        "tick t=100000 => none",
        "next => none")},
    {"DL-15 3.x a resend marked but not yet taken keeps its deadline (armed again when taken)",
     .resend_limit = 2, .lines = LINES(
        "connect v311 => none",
        "publish q1 c1 t=0 => send PUBLISH q1 id1 c1",
        "publish q1 c2 t=500 => send PUBLISH q1 id2 c2",
        "tick t=10000 => wait=500",
        "recv PUBACK 2 t=10400 => done ACKED req PUBLISH q1 id2 c2",
        /* c1's second resend is due 20 s after it was marked... */
        "tick t=10500 => wait=19500",
        "next => send PUBLISH q1 dup id1 c1",
        /* ... and then 20 s after it went out. */
        "tick t=30000 => wait=500",
        "tick t=30500 => wait=60000",
        "next => send PUBLISH q1 dup id1 c1",
        "tick t=90500 => error RESEND_LIMIT DL-15")},
    {"31-12 3.1 resends PUBREL with DUP", .resend_limit = 1, .lines = LINES(
        "connect v31 => none",
        "publish q2 c1 => send PUBLISH q2 id1 c1",
        "recv PUBREC 1 => send PUBREL id1",
        "tick t=10000 => none",
        "next => send PUBREL dup id1")},
    {"3.x the peer's answer to the duplicate after the flow ended is ignored",
     .resend_limit = 1, .lines = LINES(
        "connect v311 => none",
        "publish q1 c1 => send PUBLISH q1 id1 c1",
        "tick t=10000 => none",
        "next => send PUBLISH q1 dup id1 c1",
        "recv PUBACK 1 => done ACKED req PUBLISH q1 id1 c1",
        "recv PUBACK 1 => none",
        "publish q1 c2 => send PUBLISH q1 id5 c2",
        "recv PUBACK 1 => none",
        "recv PUBACK 5 => done ACKED req PUBLISH q1 id5 c2")},
    {"3.x QoS 2 resent, then PUBREC, PUBREC, PUBCOMP, PUBCOMP: the late duplicates are answered "
     "or ignored", .resend_limit = 1, .lines = LINES(
        "connect v311 => none",
        "publish q2 c1 => send PUBLISH q2 id1 c1",
        "tick t=10000 => none",
        "next => send PUBLISH q2 dup id1 c1",
        "recv PUBREC 1 => send PUBREL id1",
        "recv PUBREC 1 => send PUBREL id1",
        "recv PUBCOMP 1 => done ACKED req PUBLISH q2 id1 c1",
        "recv PUBCOMP 1 => none")},
    {"3.x resends in the original order, several due at once", .resend_limit = 2,
     .lines = LINES(
        "connect v311 => none",
        "publish q1 c1 => send PUBLISH q1 id1 c1",
        "publish q2 c2 t=100 => send PUBLISH q2 id2 c2",
        "publish q1 c3 t=200 => send PUBLISH q1 id3 c3",
        "tick t=10150 => wait=50",
        "next => send PUBLISH q1 dup id1 c1",
        "next => send PUBLISH q2 dup id2 c2",
        "next => none")},
    {"[MQTT-4.4.0-1] 5.0 never resends on a live connection", .resend_limit = 3,
     .lines = LINES(
        "connect v5 => none",
        "publish q1 c1 => send PUBLISH q1 id1 c1",
        "tick t=1000000 => wait=4294967295",
        "next => none")},
    {"[MQTT-4.4.0-1] [MQTT-4.6.0-1] [MQTT-4.6.0-4] reconnect with the session: every "
     "PUBLISH with DUP and every PUBREL again, in order", .lines = LINES(
        "connect v5 => none",
        "publish q1 c1 => send PUBLISH q1 id1 c1",
        "publish q2 c2 => send PUBLISH q2 id2 c2",
        "publish q2 c3 => send PUBLISH q2 id3 c3",
        "subscribe n2 c4 => send SUBSCRIBE id4 c4",
        "recv PUBREC 3 => send PUBREL id3",
        "recv PUBREC 2 => send PUBREL id2",
        "drop => none",
        /* The SUBSCRIBE is not resent: its caller hears it was lost. */
        "next => done LOST req SUBSCRIBE id4 c4",
        "next => none",
        "publish q1 c5 => q1 id8 c5",
        "connect v5 sp => none",
        "next => send PUBLISH q1 dup id1 c1",
        "next => send PUBREL id3",
        "next => send PUBREL id2",
        "next => send PUBLISH q1 id8 c5",
        "next => none",
        "recv PUBCOMP 3 => done ACKED req PUBLISH q2 id3 c3",
        "recv PUBACK 1 => done ACKED req PUBLISH q1 id1 c1")},
    {"[MQTT-4.6.0-1] reconnect with the session and a smaller Receive Maximum: resends in "
     "order, the PUBREL outside the window (5.0 4.9), PUBLISHes as places free", .lines = LINES(
        "connect v5 => none",
        "publish q1 c1 => send PUBLISH q1 id1 c1",
        "publish q2 c2 => send PUBLISH q2 id2 c2",
        "publish q1 c3 => send PUBLISH q1 id3 c3",
        "recv PUBREC 2 => send PUBREL id2",
        "drop => none",
        "connect v5 sp rm=2 => none",
        "next => send PUBLISH q1 dup id1 c1",
        "next => send PUBLISH q1 dup id3 c3",
        "next => send PUBREL id2",
        "next => none",
        "publish q1 c4 => q1 id4 c4",
        "recv PUBCOMP 2 => done ACKED req PUBLISH q2 id2 c2",
        "next => none",
        "recv PUBACK 1 => done ACKED req PUBLISH q1 id1 c1",
        "next => send PUBLISH q1 id4 c4",
        "next => none")},
    {"[MQTT-4.6.0-1] window 1 after reconnect: the PUBREL held by the peer goes out beside the "
     "one PUBLISH", .lines = LINES(
        "connect v5 => none",
        "publish q1 c1 => send PUBLISH q1 id1 c1",
        "publish q2 c2 => send PUBLISH q2 id2 c2",
        "recv PUBREC 2 => send PUBREL id2",
        "drop => none",
        "connect v5 sp rm=1 => none",
        "next => send PUBLISH q1 dup id1 c1",
        "next => send PUBREL id2",
        "next => none",
        "recv PUBCOMP 2 => done ACKED req PUBLISH q2 id2 c2",
        "recv PUBACK 1 => done ACKED req PUBLISH q1 id1 c1")},
    {"[MQTT-4.9.0-1] 5.0 4.9 the send quota starts afresh on a new connection: PUBRELs of the "
     "old one take none of it", .flights = 6, .lines = LINES(
        "connect v5 rm=2 => none",
        "publish q2 c1 => send PUBLISH q2 id1 c1",
        "publish q2 c2 => send PUBLISH q2 id2 c2",
        "recv PUBREC 1 => send PUBREL id1",
        "recv PUBREC 2 => send PUBREL id2",
        "drop => none",
        "connect v5 sp rm=2 => none",
        "next => send PUBREL id1",
        "next => send PUBREL id2",
        "next => none",
        "publish q1 c3 => send PUBLISH q1 id3 c3",
        "publish q1 c4 => send PUBLISH q1 id4 c4",
        "publish q1 c5 => q1 id5 c5",
        "recv PUBCOMP 1 => done ACKED req PUBLISH q2 id1 c1",
        "next => none",
        "recv PUBACK 3 => done ACKED req PUBLISH q1 id3 c3",
        "next => send PUBLISH q1 id5 c5")},
    {"[MQTT-4.1.0-*] reconnect without the session: every flow of ours is lost", .lines = LINES(
        "connect v311 => none",
        "publish q1 c1 => send PUBLISH q1 id1 c1",
        "publish q2 c2 => send PUBLISH q2 id2 c2",
        "recv PUBREC 2 => send PUBREL id2",
        "drop => none",
        "connect v311 => none",
        "next => done LOST req PUBLISH q1 id1 c1",
        "next => done LOST req PUBLISH q2 id2 c2",
        "next => none",
        "recv PUBACK 1 => error ACK_UNKNOWN DL-1",
        "publish q1 c3 => send PUBLISH q1 id6 c3")},
    {"DL-1 a flow of a session not kept is not in flight, even before it is reported lost",
     .lines = LINES(
        "connect v5 => none",
        "publish q2 c1 => send PUBLISH q2 id1 c1",
        "publish q1 c2 => send PUBLISH q1 id2 c2",
        "drop => none",
        "connect v5 => none",
        "recv PUBREC 1 => error ACK_UNKNOWN DL-1",
        "recv PUBACK 2 => error ACK_UNKNOWN DL-1",
        "next => done LOST req PUBLISH q2 id1 c1",
        "next => done LOST req PUBLISH q1 id2 c2",
        "next => none")},
    {"DL-8 5.0 4.9 our Receive Maximum (2) counts the PUBLISHes of this connection only: what "
     "was held before counts again when it is sent again", .role = MQW_ROLE_SERVER, .rm = 2,
     .lines = LINES(
        "connect v5 => none",
        "recv PUBLISH q2 1 => send PUBREC id1 deliver NOW",
        "recv PUBLISH q2 2 => send PUBREC id2 deliver NOW",
        "drop => none",
        "connect v5 sp => none",
        "recv PUBLISH q2 3 => send PUBREC id3 deliver NOW",
        "recv PUBLISH q2 4 => send PUBREC id4 deliver NOW",
        "recv PUBLISH q2 5 => error RECEIVE_MAXIMUM DL-8",
        "recv PUBLISH q2 1 dup => error RECEIVE_MAXIMUM DL-8",
        /* The PUBREL of an identifier held from before frees no place. */
        "recv PUBREL 1 => send PUBCOMP id1",
        "recv PUBLISH q1 5 => error RECEIVE_MAXIMUM DL-8",
        "recv PUBREL 3 => send PUBCOMP id3",
        "recv PUBLISH q2 2 dup => send PUBREC id2",
        "recv PUBLISH q2 2 dup => send PUBREC id2",
        "recv PUBLISH q2 5 => error RECEIVE_MAXIMUM DL-8",
        "recv PUBREL 2 => send PUBCOMP id2",
        "recv PUBLISH q2 5 => send PUBREC id5 deliver NOW")},
    {"the peer's QoS 2 identifiers held across a kept session, forgotten without it",
     .role = MQW_ROLE_SERVER, .lines = LINES(
        "connect v311 => none",
        "recv PUBLISH q2 7 => send PUBREC id7 deliver NOW",
        "drop => none",
        "connect v311 sp => none",
        "recv PUBLISH q2 7 dup => send PUBREC id7",
        "drop => none",
        "connect v311 => none",
        "recv PUBLISH q2 7 => send PUBREC id7 deliver NOW")},
    {"a message published while offline waits for the connection (no DUP: never sent)",
     .lines = LINES(
        "publish q1 c1 => q1 id1 c1",
        "next => none",
        "connect v311 sp => none",
        "next => send PUBLISH q1 id1 c1",
        "next => none",
        "drop => none",
        "connect v311 sp => none",
        "next => send PUBLISH q1 dup id1 c1")},
    {"offline before a session that is not kept: lost", .lines = LINES(
        "publish q2 c1 => q2 id1 c1",
        "connect v5 => none",
        "next => done LOST req PUBLISH q2 id1 c1",
        "next => none")},
    {"an UNSUBSCRIBE whose connection drops is lost", .lines = LINES(
        "connect v311 => none",
        "unsubscribe n1 c1 => send UNSUBSCRIBE id1 c1",
        "drop => none",
        "drop => none",
        "next => done LOST req UNSUBSCRIBE id1 c1",
        "next => none")},
};

/* clang-format on */

#define ROW_TEST(fn, table)                                                                        \
    START_TEST(fn)                                                                                 \
    {                                                                                              \
        run_row(&(table)[_i]);                                                                     \
    }                                                                                              \
    END_TEST
ROW_TEST(test_ids, id_rows)
ROW_TEST(test_sender, sender_rows)
ROW_TEST(test_receiver, receiver_rows)
ROW_TEST(test_window, window_rows)
ROW_TEST(test_resend, resend_rows)

/* ---- ordering: the interleaving of the issue as it stands ------------- */

/* [MQTT-4.6.0-3] [MQTT-4.6.0-4]: PUBLISH 1, 2, 3 -> PUBREC 1,
 * 2 -> PUBREL 1 -> PUBREC 3 -> PUBREL 2 -> PUBCOMP 1 -> PUBREL 3 -> PUBCOMP
 * 2, 3, on the wire. A client and a server session joined by one FIFO per
 * direction (TCP reorders nothing within one); the script says which side
 * reads its next packet, and every packet either side writes is logged. */
typedef struct pipe {
    mqw_packet q[16];
    size_t head, n;
} pipe;

static void pipe_put(pipe *p, const mqw_packet *pkt)
{
    ck_assert(p->n < ARRAY_LEN(p->q));
    p->q[(p->head + p->n++) % ARRAY_LEN(p->q)] = *pkt;
}

static mqw_packet pipe_get(pipe *p)
{
    ck_assert(p->n > 0);
    mqw_packet pkt = p->q[p->head];
    p->head = (p->head + 1) % ARRAY_LEN(p->q);
    p->n--;
    return pkt;
}

static void log_send(char *log, size_t cap, pipe *to, const mqw_action *a)
{
    mqw_packet pkt;
    memset(&pkt, 0, sizeof pkt);
    pkt.type = a->send;
    if (a->send == MQW_PUBLISH) {
        pkt.u.publish.qos = a->qos;
        pkt.u.publish.dup = a->dup;
        pkt.u.publish.packet_id = a->packet_id;
        pkt.u.publish.topic = mqw_cstr("t");
    } else {
        pkt.u.ack = mqw_action_ack(a);
    }
    pipe_put(to, &pkt);
    size_t used = strlen(log);
    snprintf(log + used, cap - used, "%s%s %u", used ? ", " : "", mqw_packet_name(a->send),
             a->packet_id);
}

START_TEST(test_order_interleaving)
{
    mqw_flight cf[4], sf[4];
    mqw_held ch[4], sh[4];
    mqw_session client, server;
    mqw_session_config cfg = {MQW_ROLE_CLIENT, MQW_QOS2_AT_ONCE, cf, 4, ch, 4, 0, NULL, 0, 0, 0};
    ck_assert_int_eq(mqw_session_init(&client, &cfg), MQW_OK);
    cfg.role = MQW_ROLE_SERVER;
    cfg.flights = sf;
    cfg.held = sh;
    ck_assert_int_eq(mqw_session_init(&server, &cfg), MQW_OK);
    mqw_link link = {MQW_V5, false, 0, 0xFFFF, 0};
    ck_assert_int_eq(mqw_session_connected(&client, &link, 0), MQW_OK);
    ck_assert_int_eq(mqw_session_connected(&server, &link, 0), MQW_OK);

    char log[512] = "";
    pipe up = {0}, down = {0}; /* client -> server, server -> client */
    mqw_action a;
    for (uintptr_t c = 1; c <= 3; c++) {
        ck_assert_int_eq(mqw_session_publish(&client, 2, c, 0, &a), MQW_OK);
        log_send(log, sizeof log, &up, &a);
    }
    /* Who reads next: S = the server, C = the client. */
    const char *turns = "SSCSCSCSSCCC";
    int delivered = 0, done = 0;
    for (const char *t = turns; *t; t++) {
        bool srv = *t == 'S';
        mqw_packet pkt = pipe_get(srv ? &up : &down);
        ck_assert_int_eq(mqw_session_receive(srv ? &server : &client, &pkt, 0, &a, NULL), MQW_OK);
        delivered += a.deliver == MQW_DELIVER_NOW;
        done += a.done == MQW_DONE_ACKED;
        if (a.send)
            log_send(log, sizeof log, srv ? &down : &up, &a);
    }
    ck_assert_str_eq(log, "PUBLISH 1, PUBLISH 2, PUBLISH 3, PUBREC 1, PUBREC 2, PUBREL 1, "
                          "PUBREC 3, PUBREL 2, PUBCOMP 1, PUBREL 3, PUBCOMP 2, PUBCOMP 3");
    ck_assert_int_eq(delivered, 3);
    ck_assert_int_eq(done, 3);
    ck_assert_uint_eq(up.n + down.n, 0);
}
END_TEST

/* ---- set-up ------------------------------------------------------------ */

START_TEST(test_init_args)
{
    mqw_flight fl[2];
    mqw_held held[2];
    mqw_session s;
    static const uint32_t ms[1] = {1000};
    mqw_session_config ok = {MQW_ROLE_CLIENT, 0, fl, 2, held, 2, 0, ms, 1, 1, 0};
    ck_assert_int_eq(mqw_session_init(&s, &ok), MQW_OK);
    ck_assert_int_eq(mqw_session_init(NULL, &ok), MQW_ERR_ARG);
    ck_assert_int_eq(mqw_session_init(&s, NULL), MQW_ERR_ARG);
    mqw_session_config c = ok;
    c.role = MQW_ROLE_ANY;
    ck_assert_int_eq(mqw_session_init(&s, &c), MQW_ERR_ARG);
    c = ok;
    c.qos2 = 2;
    ck_assert_int_eq(mqw_session_init(&s, &c), MQW_ERR_ARG);
    c = ok;
    c.flights = NULL;
    ck_assert_int_eq(mqw_session_init(&s, &c), MQW_ERR_ARG);
    c = ok;
    c.n_flights = 0;
    ck_assert_int_eq(mqw_session_init(&s, &c), MQW_ERR_ARG);
    c = ok;
    c.held = NULL;
    ck_assert_int_eq(mqw_session_init(&s, &c), MQW_ERR_ARG);
    c.n_held = 0;
    ck_assert_int_eq(mqw_session_init(&s, &c), MQW_OK);
    c = ok;
    c.resend_ms = NULL;
    ck_assert_int_eq(mqw_session_init(&s, &c), MQW_ERR_ARG);
    c.resend_limit = 0;
    ck_assert_int_eq(mqw_session_init(&s, &c), MQW_OK);
    c = ok;
    c.resend_n = 0;
    ck_assert_int_eq(mqw_session_init(&s, &c), MQW_ERR_ARG);
    c = ok;
    c.flags = MQW_LENIENT_VARINT; /* a parser's flag */
    ck_assert_int_eq(mqw_session_init(&s, &c), MQW_ERR_ARG);
    c.flags = MQW_LENIENT_RECEIVE_MAXIMUM;
    ck_assert_int_eq(mqw_session_init(&s, &c), MQW_OK);

    ck_assert_int_eq(mqw_session_init(&s, &ok), MQW_OK);
    ck_assert_int_eq(mqw_session_connected(&s, NULL, 0), MQW_ERR_ARG);
    mqw_link bad = {2, false, 0, 0, 0};
    ck_assert_int_eq(mqw_session_connected(&s, &bad, 0), MQW_ERR_ARG);
    mqw_action a;
    ck_assert_int_eq(mqw_session_publish(&s, 1, 0, 0, NULL), MQW_ERR_ARG);
    ck_assert_int_eq(mqw_session_subscribe(&s, 1, 0, NULL), MQW_ERR_ARG);
    mqw_link good = {MQW_V311, false, 0, 0, 0};
    ck_assert_int_eq(mqw_session_connected(&s, &good, 0), MQW_OK);
    ck_assert_int_eq(mqw_session_receive(&s, NULL, 0, &a, NULL), MQW_ERR_ARG);
    mqw_packet pkt = {.type = MQW_PINGRESP};
    ck_assert_int_eq(mqw_session_receive(&s, &pkt, 0, NULL, NULL), MQW_ERR_ARG);
}
END_TEST

/* The most slots, 32767: the identifier mask is 32767 and each slot has
 * two identifiers, index + 1 and index + 32769, taken in turn; all 32767
 * in use are distinct, then FULL. One slot more is refused: its slots
 * would have one identifier each, and a late answer to a resent duplicate
 * would end the next flow of its slot. */
START_TEST(test_ids_all_in_use)
{
    static mqw_flight fl[MQW_SESSION_MAX_FLIGHTS + 1];
    mqw_session s;
    mqw_session_config cfg = {
        MQW_ROLE_CLIENT, 0, fl, MQW_SESSION_MAX_FLIGHTS + 1, NULL, 0, 0, NULL, 0, 0, 0};
    ck_assert_int_eq(mqw_session_init(&s, &cfg), MQW_ERR_ARG);
    cfg.n_flights = MQW_SESSION_MAX_FLIGHTS;
    ck_assert_int_eq(mqw_session_init(&s, &cfg), MQW_OK);
    mqw_link link = {MQW_V311, false, 0, 0, 0};
    ck_assert_int_eq(mqw_session_connected(&s, &link, 0), MQW_OK);
    static uint8_t seen[65536];
    memset(seen, 0, sizeof seen);
    mqw_action a;
    for (unsigned i = 0; i < MQW_SESSION_MAX_FLIGHTS; i++) {
        ck_assert_int_eq(mqw_session_publish(&s, 1, i, 0, &a), MQW_OK);
        ck_assert_uint_eq(a.packet_id, i + 1);
        ck_assert_uint_eq(seen[a.packet_id], 0);
        seen[a.packet_id] = 1;
    }
    ck_assert_int_eq(mqw_session_publish(&s, 2, 0, 0, &a), MQW_ERR_FULL);
    ck_assert_uint_eq(a.packet_id, 0);
    /* Slot 19999 in turn: 20000, 52768, 20000. */
    static const uint16_t turns[] = {20000, 52768, 20000};
    for (size_t k = 0; k + 1 < ARRAY_LEN(turns); k++) {
        mqw_packet ack = {.type = MQW_PUBACK, .u.ack = {.type = MQW_PUBACK, .packet_id = turns[k]}};
        ck_assert_int_eq(mqw_session_receive(&s, &ack, 0, &a, NULL), MQW_OK);
        ck_assert_uint_eq(a.done, MQW_DONE_ACKED);
        ck_assert_int_eq(mqw_session_publish(&s, 1, 7, 0, &a), MQW_OK);
        ck_assert_uint_eq(a.packet_id, turns[k + 1]);
    }
}
END_TEST

/* Review finding 6: the most slots and a 3.x resend; the answer to the
 * duplicate comes after the next flow of the slot has begun. */
START_TEST(test_ids_most_slots_late_duplicate)
{
    static mqw_flight fl[MQW_SESSION_MAX_FLIGHTS];
    static const uint32_t ms[1] = {10000};
    mqw_session s;
    mqw_session_config cfg = {
        MQW_ROLE_CLIENT, 0, fl, MQW_SESSION_MAX_FLIGHTS, NULL, 0, 0, ms, 1, 3, 0};
    ck_assert_int_eq(mqw_session_init(&s, &cfg), MQW_OK);
    script_env env;
    memset(&env, 0, sizeof env);
    env.s = s;
    script_run(&env, "late duplicate answer with 32767 slots",
               LINES("connect v311 => none", "publish q1 c1 => send PUBLISH q1 id1 c1",
                     "tick t=10000 => none", "next => send PUBLISH q1 dup id1 c1",
                     "recv PUBACK 1 => done ACKED req PUBLISH q1 id1 c1",
                     "publish q1 c2 => send PUBLISH q1 id32769 c2", "recv PUBACK 1 => none",
                     "recv PUBACK 32769 => done ACKED req PUBLISH q1 id32769 c2"));
}
END_TEST

/* 3 slots: mask 3, slot i gives i+1, i+5, i+9 ...; identifiers wrap back
 * to i+1 past 65535 and never reach 0. */
START_TEST(test_ids_wrap)
{
    mqw_flight fl[3];
    mqw_session s;
    mqw_session_config cfg = {MQW_ROLE_CLIENT, 0, fl, 3, NULL, 0, 0, NULL, 0, 0, 0};
    ck_assert_int_eq(mqw_session_init(&s, &cfg), MQW_OK);
    mqw_link link = {MQW_V5, false, 0, 0, 0};
    ck_assert_int_eq(mqw_session_connected(&s, &link, 0), MQW_OK);
    mqw_action a;
    unsigned long turns = 0;
    uint16_t last = 0;
    for (unsigned i = 0; i < 20000; i++) {
        ck_assert_int_eq(mqw_session_publish(&s, 1, i, 0, &a), MQW_OK);
        uint16_t id = a.packet_id;
        ck_assert_uint_eq((id - 1u) % 4u, 0); /* always slot 0 */
        if (id < last)
            turns++;
        last = id;
        mqw_packet ack = {.type = MQW_PUBACK, .u.ack = {.type = MQW_PUBACK, .packet_id = id}};
        ck_assert_int_eq(mqw_session_receive(&s, &ack, 0, &a, NULL), MQW_OK);
        ck_assert_uint_eq(a.done, MQW_DONE_ACKED);
    }
    ck_assert_uint_eq(turns, 20000 / 16384); /* 16384 identifiers per turn */
}
END_TEST

/* Time wraps at 2^32: a resend due across the wrap is measured right. */
START_TEST(test_time_wraps)
{
    const session_row r = {"time wraps", .resend_limit = 1,
                           .lines = LINES("connect v311 t=4294962296 => none", /* 2^32 - 5000 */
                                          "publish q1 c1 => send PUBLISH q1 id1 c1",
                                          "tick t=4294967295 => wait=5001", "tick t=4999 => wait=1",
                                          "next => none", "tick t=5000 => none",
                                          "next => send PUBLISH q1 dup id1 c1")};
    run_row(&r);
}
END_TEST

/* ---- the README's send loop ------------------------------------------ */

/* A socket stand-in: bytes written one way, read back the other. */
typedef struct wire {
    uint8_t buf[16384];
    size_t len, pos;
} wire;

typedef struct net {
    wire to_broker, to_client;
    mqw_session broker; /* a server session answering what it reads */
    int version;
    unsigned delivered;
} net;

static void wire_write(wire *w, const uint8_t *p, size_t n)
{
    ck_assert(w->len + n <= sizeof w->buf);
    memcpy(w->buf + w->len, p, n);
    w->len += n;
}

/* Build and write what an action asks for: a PUBLISH of the application's
 * message `cookie`, or an ack. */
static int send_action(net *nt, wire *to, const mqw_action *act, const char *const *messages)
{
    uint8_t buf[256];
    size_t len = 0;
    int rc;
    if (act->send == MQW_PUBLISH) {
        mqw_publish pub;
        memset(&pub, 0, sizeof pub);
        pub.qos = act->qos;
        pub.dup = act->dup;
        pub.packet_id = act->packet_id;
        pub.topic = mqw_cstr("sensors/7/temp");
        pub.payload = mqw_cstr(messages[act->cookie]);
        rc = mqw_publish_build(buf, sizeof buf, &pub, nt->version, NULL, NULL, &len);
    } else {
        mqw_ack ack = mqw_action_ack(act);
        rc = mqw_ack_build(buf, sizeof buf, &ack, nt->version, NULL, NULL, &len);
    }
    if (rc == MQW_OK)
        wire_write(to, buf, len);
    return rc;
}

/* The next packet for the client. When none waits, the broker first reads
 * everything the client wrote and answers it through its own session. */
static int read_packet(net *nt, mqw_packet *pkt)
{
    wire *in = &nt->to_client, *out = &nt->to_broker;
    while (in->pos == in->len) {
        ck_assert_msg(out->pos < out->len, "the client waits for an answer to nothing");
        size_t used;
        mqw_packet p;
        ck_assert_int_eq(
            mqw_parse(out->buf + out->pos, out->len - out->pos, &p, nt->version, NULL, NULL, &used),
            MQW_OK);
        out->pos += used;
        mqw_action act;
        ck_assert_int_eq(mqw_session_receive(&nt->broker, &p, 0, &act, NULL), MQW_OK);
        nt->delivered += act.deliver == MQW_DELIVER_NOW;
        if (act.send)
            ck_assert_int_eq(send_action(nt, in, &act, NULL), MQW_OK);
    }
    size_t used;
    int rc = mqw_parse(in->buf + in->pos, in->len - in->pos, pkt, nt->version, NULL, NULL, &used);
    if (rc == MQW_OK)
        in->pos += used;
    return rc;
}

/* A QoS 1 publisher: n messages, as many in flight as the session allows. */
static int client_send_loop(mqw_session *s, net *nt, const char *const *messages, size_t n,
                            uint32_t now)
{
    wire *net_out = &nt->to_broker;
    size_t next = 0, acked = 0;
    while (acked < n) {
        mqw_action act;
        /* Hand the session new messages while it has slots for them; it
         * says which to send now and which wait for the window. */
        while (next < n && mqw_session_publish(s, 1, next, now, &act) == MQW_OK) {
            next++;
            if (act.send && send_action(nt, net_out, &act, messages) != MQW_OK)
                return -1;
        }
        /* One packet from the broker: the session says what it means. */
        mqw_packet pkt;
        if (read_packet(nt, &pkt) != MQW_OK)
            return -1;
        mqw_diag diag;
        int rc = mqw_session_receive(s, &pkt, now, &act, &diag);
        if (rc != MQW_OK)
            return rc; /* close; on 5.0 after DISCONNECT with mqw_reason_code(rc) */
        if (act.send && send_action(nt, net_out, &act, messages) != MQW_OK)
            return -1;
        if (act.done)
            acked++; /* messages[act.cookie] is no longer needed */
        /* What the event released: PUBLISHes that waited for the window. */
        while (mqw_session_next(s, now, &act))
            if (act.send && send_action(nt, net_out, &act, messages) != MQW_OK)
                return -1;
    }
    return 0;
}

/* 10 messages through 4 slots and a broker Receive Maximum of 2 (read
 * from its CONNACK), every byte through the builders and the parser. */
START_TEST(test_readme_send_loop)
{
    static const char *const messages[10] = {"20.1", "20.2", "20.4", "20.3", "20.5",
                                             "20.7", "20.6", "20.6", "20.8", "21.0"};
    static net nt;
    memset(&nt, 0, sizeof nt);
    nt.version = MQW_V5;
    mqw_flight fl[4], bfl[4];
    mqw_held bheld[2];
    mqw_session client;
    mqw_session_config cfg = {MQW_ROLE_CLIENT, 0, fl, 4, NULL, 0, 0, NULL, 0, 0, 0};
    ck_assert_int_eq(mqw_session_init(&client, &cfg), MQW_OK);
    mqw_session_config bcfg = {MQW_ROLE_SERVER, 0, bfl, 4, bheld, 2, 2, NULL, 0, 0, 0};
    ck_assert_int_eq(mqw_session_init(&nt.broker, &bcfg), MQW_OK);

    mqw_connect conn;
    memset(&conn, 0, sizeof conn);
    conn.version = MQW_V5;
    conn.clean_start = true;
    const mqw_property rm = {.id = MQW_PROP_RECEIVE_MAXIMUM, .v.num = 2};
    mqw_connack ack = {false, 0, {{NULL, 0}, &rm, 1}};
    mqw_link link;
    mqw_link_client(&link, &conn, &ack);
    ck_assert_uint_eq(link.receive_max, 2);
    ck_assert_int_eq(mqw_session_connected(&client, &link, 0), MQW_OK);
    mqw_link blink;
    mqw_link_server(&blink, &conn, &ack);
    ck_assert_int_eq(mqw_session_connected(&nt.broker, &blink, 0), MQW_OK);

    ck_assert_int_eq(client_send_loop(&client, &nt, messages, 10, 0), 0);
    ck_assert_uint_eq(nt.delivered, 10);
    ck_assert_uint_eq(nt.to_broker.pos, nt.to_broker.len);
    ck_assert_uint_eq(nt.to_client.pos, nt.to_client.len);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("session");
    TCase *tc = tcase_create("tables");
    tcase_add_loop_test(tc, test_ids, 0, (int)ARRAY_LEN(id_rows));
    tcase_add_loop_test(tc, test_sender, 0, (int)ARRAY_LEN(sender_rows));
    tcase_add_loop_test(tc, test_receiver, 0, (int)ARRAY_LEN(receiver_rows));
    tcase_add_loop_test(tc, test_window, 0, (int)ARRAY_LEN(window_rows));
    tcase_add_loop_test(tc, test_resend, 0, (int)ARRAY_LEN(resend_rows));
    tcase_add_test(tc, test_time_wraps);
    suite_add_tcase(s, tc);
    tc = tcase_create("order");
    tcase_add_test(tc, test_order_interleaving);
    suite_add_tcase(s, tc);
    tc = tcase_create("setup");
    tcase_add_test(tc, test_init_args);
    tcase_add_test(tc, test_ids_all_in_use);
    tcase_add_test(tc, test_ids_most_slots_late_duplicate);
    tcase_add_test(tc, test_ids_wrap);
    suite_add_tcase(s, tc);
    tc = tcase_create("readme");
    tcase_add_test(tc, test_readme_send_loop);
    suite_add_tcase(s, tc);
    int rc = suite_main(s);
    printf("session script steps %lu\n", script_steps);
    return rc;
}
