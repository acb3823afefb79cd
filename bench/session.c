/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/*
 * The delivery rules, as a client or broker loop calls them: each
 * operation is the whole cycle of one message, every event followed by the
 * mqw_session_next call the contract asks for, the ack's identifier taken
 * from the action as a caller would. Only the public header is used.
 *   session_qos1_cycle    publish QoS 1, PUBACK received, done
 *   session_qos2_cycle    publish QoS 2, PUBREC (-> PUBREL), PUBCOMP, done
 *   session_qos2_receive  PUBLISH QoS 2 received (-> PUBREC, deliver),
 *                         PUBREL received (-> PUBCOMP)
 *   alias_send_hit        the outgoing Topic Alias of a topic already mapped
 *   keepalive_check       a packet sent, then the client's Keep Alive check
 */
#include <string.h>

#include "bench.h"
#include "mqttwire.h"

static mqw_flight flights[16];
static mqw_held held[16];
static mqw_session sender, receiver;
static mqw_alias alias;
static mqw_alias_slot alias_slots[16];
static uint8_t alias_pool[16 * 64];
static mqw_keepalive keepalive;
static uint32_t clock_ms;
static volatile uintptr_t sink;

static const char topic[] = "sensors/building-7/floor-3/temp";

static int setup(void)
{
    static int done;
    if (done)
        return 0;
    mqw_session_config cfg = {
        MQW_ROLE_CLIENT, MQW_QOS2_AT_ONCE, flights, 16, held, 16, 0, NULL, 0, 0, 0};
    mqw_link link = {MQW_V311, false, 60, 65535, 0};
    if (mqw_session_init(&sender, &cfg) || mqw_session_connected(&sender, &link, 0))
        return -1;
    static mqw_flight rflights[4];
    static mqw_held rheld[16];
    mqw_session_config rcfg = {
        MQW_ROLE_SERVER, MQW_QOS2_AT_ONCE, rflights, 4, rheld, 16, 0, NULL, 0, 0, 0};
    if (mqw_session_init(&receiver, &rcfg) || mqw_session_connected(&receiver, &link, 0))
        return -1;
    if (mqw_alias_init(&alias, alias_slots, 16, alias_pool, sizeof alias_pool))
        return -1;
    mqw_alias_reset(&alias, 16);
    mqw_keepalive_init(&keepalive, MQW_ROLE_CLIENT, 60, 0);
    done = 1;
    return 0;
}

static int op_session_qos1_cycle(void)
{
    mqw_action act;
    mqw_packet ack;
    if (mqw_session_publish(&sender, 1, 42, clock_ms, &act) || act.send != MQW_PUBLISH)
        return -1;
    ack.type = MQW_PUBACK;
    ack.u.ack.packet_id = act.packet_id;
    ack.u.ack.code = 0;
    if (mqw_session_receive(&sender, &ack, clock_ms, &act, NULL) || act.done != MQW_DONE_ACKED)
        return -1;
    sink += act.cookie;
    return mqw_session_next(&sender, clock_ms, &act) ? -1 : 0;
}

static int op_session_qos2_cycle(void)
{
    mqw_action act;
    mqw_packet ack;
    if (mqw_session_publish(&sender, 2, 42, clock_ms, &act) || act.send != MQW_PUBLISH)
        return -1;
    uint16_t id = act.packet_id;
    ack.type = MQW_PUBREC;
    ack.u.ack.packet_id = id;
    ack.u.ack.code = 0;
    if (mqw_session_receive(&sender, &ack, clock_ms, &act, NULL) || act.send != MQW_PUBREL)
        return -1;
    if (mqw_session_next(&sender, clock_ms, &act))
        return -1;
    ack.type = MQW_PUBCOMP;
    ack.u.ack.packet_id = id;
    if (mqw_session_receive(&sender, &ack, clock_ms, &act, NULL) || act.done != MQW_DONE_ACKED)
        return -1;
    sink += act.cookie;
    return mqw_session_next(&sender, clock_ms, &act) ? -1 : 0;
}

static int op_session_qos2_receive(void)
{
    static uint16_t id;
    mqw_action act;
    mqw_packet pkt;
    id = (uint16_t)(id % 65535 + 1); /* the peer's identifiers, ascending */
    pkt.type = MQW_PUBLISH;
    pkt.u.publish.qos = 2;
    pkt.u.publish.dup = false;
    pkt.u.publish.packet_id = id;
    if (mqw_session_receive(&receiver, &pkt, clock_ms, &act, NULL) || act.send != MQW_PUBREC ||
        act.deliver != MQW_DELIVER_NOW)
        return -1;
    if (mqw_session_next(&receiver, clock_ms, &act))
        return -1;
    pkt.type = MQW_PUBREL;
    pkt.u.ack.packet_id = id;
    if (mqw_session_receive(&receiver, &pkt, clock_ms, &act, NULL) || act.send != MQW_PUBCOMP ||
        act.code != 0)
        return -1;
    return mqw_session_next(&receiver, clock_ms, &act) ? -1 : 0;
}

static int op_alias_send_hit(void)
{
    uint16_t a;
    mqw_bytes name, t = {(const uint8_t *)topic, sizeof topic - 1};
    mqw_alias_send(&alias, t, &a, &name);
    sink += a;
    return a == 0 || name.len != 0 ? -1 : 0;
}

static int op_keepalive_check(void)
{
    uint8_t send;
    uint32_t wait;
    clock_ms += 10;
    mqw_keepalive_sent(&keepalive, clock_ms);
    if (mqw_keepalive_check(&keepalive, clock_ms, &send, &wait, NULL) || send)
        return -1;
    sink += wait;
    return 0;
}

/* Each check sets the sessions up (and maps the alias) and runs its
 * operation once; the operations verify every action they get. */
static int prepare(void)
{
    if (setup())
        return -1;
    uint16_t a;
    mqw_bytes name, t = {(const uint8_t *)topic, sizeof topic - 1};
    mqw_alias_send(&alias, t, &a, &name);
    return 0;
}

#define SESSION_OP(name)                                                                           \
    static int check_##name(void)                                                                  \
    {                                                                                              \
        return prepare() || op_##name();                                                           \
    }
SESSION_OP(session_qos1_cycle)
SESSION_OP(session_qos2_cycle)
SESSION_OP(session_qos2_receive)
SESSION_OP(alias_send_hit)
SESSION_OP(keepalive_check)

#define OP(name)                                                                                   \
    {                                                                                              \
#name, op_##name, check_##name, 0, 0                                                       \
    }
const bench_op bench_session_ops[] = {
    OP(session_qos1_cycle), OP(session_qos2_cycle), OP(session_qos2_receive),
    OP(alias_send_hit),     OP(keepalive_check),
};
const size_t bench_session_n = sizeof bench_session_ops / sizeof bench_session_ops[0];
