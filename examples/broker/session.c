/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/*
 * A client's session: its mqw_session (Packet Identifiers, the QoS 1 and 2
 * flows both ways, resends on reconnect, in order), the queue of messages
 * waiting for a flow, and its lifetime (Clean Session / Session Expiry
 * Interval). Messages enter mqw_session only while the client is connected
 * and the window has room, so expiry and the client's Maximum Packet Size
 * are judged when a message is about to go out for the first time.
 */
#include "broker.h"

#include <stdlib.h>
#include <string.h>

session *session_find(broker *b, mqw_bytes client_id)
{
    for (session *s = b->sessions; s; s = s->next)
        if (s->client_id.len == client_id.len &&
            memcmp(s->client_id.ptr, client_id.ptr, client_id.len) == 0)
            return s;
    return NULL;
}

session *session_new(broker *b, mqw_bytes client_id)
{
    session *s = calloc(1, sizeof *s + client_id.len);
    if (!s)
        return NULL;
    mqw_session_config cfg;
    memset(&cfg, 0, sizeof cfg);
    cfg.role = MQW_ROLE_SERVER;
    cfg.qos2 = MQW_QOS2_AT_ONCE; /* deliver on PUBLISH, hold only the id */
    cfg.flights = s->flights;
    cfg.n_flights = BROKER_FLIGHTS;
    cfg.held = s->held;
    cfg.n_held = BROKER_RECEIVE_MAX;
    cfg.receive_max = BROKER_RECEIVE_MAX;
    /* resend_limit 0: resend on reconnect only ([MQTT-4.4.0-1]). */
    if (mqw_session_init(&s->s, &cfg) != MQW_OK) {
        free(s);
        return NULL;
    }
    memcpy(s->data, client_id.ptr, client_id.len);
    s->client_id = (mqw_bytes){s->data, client_id.len};
    s->b = b;
    s->serial = ++b->serial;
    s->next = b->sessions;
    b->sessions = s;
    return s;
}

/* The PUBLISH for delivery d to conn c, with the identifier and flags
 * mqw_session gave; alias 0 and name the topic for none. The property
 * list returned is the caller's to free once the packet is built. */
static mqw_property *publish_of(mqw_packet *p, const conn *c, const delivery *d,
                                const mqw_action *a, uint16_t alias, mqw_bytes name)
{
    *p = (mqw_packet){.type = MQW_PUBLISH,
                      .u.publish = {.qos = a->qos, .dup = a->dup, .packet_id = a->packet_id}};
    return msg_publish(&p->u.publish, d, c->version, c->b->now, alias, name);
}

static void send_publish(conn *c, const delivery *d, const mqw_action *a)
{
    uint16_t alias = 0;
    mqw_bytes name = d->m->topic;
    if (c->version == MQW_V5)
        mqw_alias_send(&c->alias_out, d->m->topic, &alias, &name);
    mqw_packet p;
    mqw_property *list = publish_of(&p, c, d, a, alias, name);
    conn_send(c, &p);
    free(list);
}

/* [MQTT-3.1.2-25]: a PUBLISH over the client's Maximum Packet Size is
 * dropped, not sent. Judged without an alias, plus the 3 bytes of the
 * Topic Alias a send may add, so that no alias is ever mapped by a packet
 * that could not go. */
static bool fits(const conn *c, const delivery *d)
{
    if (!c->max_out)
        return true;
    const mqw_action a = {.qos = d->qos, .packet_id = d->qos ? 1 : 0};
    mqw_packet p;
    mqw_property *list = publish_of(&p, c, d, &a, 0, d->m->topic);
    size_t len = 0;
    int rc = mqw_size(&p, c->version, NULL, &len);
    free(list);
    return rc == MQW_OK && len + (c->alias_max ? 3u : 0u) <= c->max_out;
}

static void act(session *s, const mqw_action *a);

/* A PUBLISH in flight that no longer fits the client (one resent to a
 * client back with a smaller Maximum Packet Size) is as good as delivered
 * ([MQTT-3.1.2-25]). mqw_session has no call that ends one flow, so it is
 * told the client acknowledged it. */
static void abandon(session *s, const mqw_action *a)
{
    mqw_packet ack = {
        .type = a->qos == 1 ? MQW_PUBACK : MQW_PUBREC,
        .u.ack = {.type = a->qos == 1 ? MQW_PUBACK : MQW_PUBREC, .packet_id = a->packet_id}};
    mqw_action done;
    int rc = mqw_session_receive(&s->s, &ack, broker_ms(s->b), &done, NULL);
    if (rc == MQW_OK && a->qos == 2) { /* its PUBREL is not sent: PUBCOMP */
        ack.type = ack.u.ack.type = MQW_PUBCOMP;
        rc = mqw_session_receive(&s->s, &ack, broker_ms(s->b), &done, NULL);
    }
    if (rc == MQW_OK)
        act(s, &done);
}

static void act(session *s, const mqw_action *a)
{
    conn *c = s->conn;
    const delivery *d = (const delivery *)a->cookie;
    if (c && a->send == MQW_PUBLISH && a->qos && !fits(c, d)) {
        abandon(s, a);
    } else if (c && a->send == MQW_PUBLISH) {
        send_publish(c, d, a);
    } else if (c && a->send) {
        const mqw_packet p = {.type = a->send, .u.ack = mqw_action_ack(a)};
        conn_send(c, &p);
    }
    if (a->done && a->request == MQW_PUBLISH) {
        delivery_free((delivery *)a->cookie);
        s->flows--;
    }
}

/* Send what mqw_session released, then let queued messages in. */
static void session_run(session *s)
{
    broker *b = s->b;
    mqw_action a;
    while (s->conn && mqw_session_next(&s->s, broker_ms(b), &a))
        act(s, &a);
    while (s->conn && s->queue && s->flows < s->window) {
        delivery *d = s->queue;
        s->queue = d->next;
        s->queued--;
        if (msg_expired(d->m, b->now) || !fits(s->conn, d) ||
            mqw_session_publish(&s->s, d->qos, (uintptr_t)d, broker_ms(b), &a) != MQW_OK) {
            delivery_free(d); /* [MQTT-3.3.2-5], [MQTT-3.1.2-25] */
            continue;
        }
        s->flows++;
        act(s, &a);
    }
}

void session_deliver(session *s, delivery *d)
{
    conn *c = s->conn;
    if (d->qos == 0) {
        /* Not kept for a client that is away or does not read. */
        mqw_action a;
        if (c && c->out_len <= BROKER_OUT_LIMIT && fits(c, d) &&
            mqw_session_publish(&s->s, 0, (uintptr_t)d, broker_ms(s->b), &a) == MQW_OK)
            send_publish(c, d, &a);
        delivery_free(d);
        return;
    }
    if (s->queued >= BROKER_MAX_QUEUED) {
        if (s->b->verbose)
            broker_log(s->b, "session %.*s: queue full, message dropped", (int)s->client_id.len,
                       (const char *)s->client_id.ptr);
        delivery_free(d);
        return;
    }
    if (s->queue)
        s->queue_tail->next = d;
    else
        s->queue = d;
    s->queue_tail = d;
    s->queued++;
    session_run(s);
}

void session_attach(session *s, conn *c, const mqw_link *link)
{
    will_cancel(s);
    s->conn = c;
    c->sess = s;
    s->window = link->receive_max < BROKER_FLIGHTS ? link->receive_max : BROKER_FLIGHTS;
    mqw_session_connected(&s->s, link, broker_ms(s->b));
    session_run(s);
}

void session_detach(session *s)
{
    s->conn = NULL;
    mqw_session_disconnected(&s->s);
    s->gone_at = s->b->now;
    if (s->expiry == 0)
        session_end(s);
}

void session_end(session *s)
{
    broker *b = s->b;
    for (session **at = &b->sessions; *at; at = &(*at)->next)
        if (*at == s) {
            *at = s->next;
            break;
        }
    if (s->will) /* the session ended before the Will Delay Interval */
        will_publish(b, s->will);
    /* A fresh start ends every flow as MQW_DONE_LOST: that hands back the
     * deliveries (cookies) mqw_session still holds. */
    mqw_link fresh = {MQW_V5, false, 0, 0, 0};
    mqw_action a;
    mqw_session_disconnected(&s->s);
    mqw_session_connected(&s->s, &fresh, broker_ms(b));
    while (mqw_session_next(&s->s, broker_ms(b), &a))
        if (a.done && a.request == MQW_PUBLISH)
            delivery_free((delivery *)a.cookie);
    while (s->queue) {
        delivery *d = s->queue;
        s->queue = d->next;
        delivery_free(d);
    }
    subs_free(s->subs);
    free(s);
}

void session_packet(conn *c, const mqw_packet *p)
{
    session *s = c->sess;
    broker *b = c->b;
    mqw_bytes topic = {NULL, 0};
    mqw_diag diag;
    mqw_action a;
    int rc = MQW_OK;
    if (p->type == MQW_PUBLISH) {
        topic = p->u.publish.topic;
        if (c->version == MQW_V5) /* the name an alias stands for */
            rc = mqw_alias_receive(&c->alias_in, &p->u.publish, &topic, &diag);
    }
    if (rc == MQW_OK)
        rc = mqw_session_receive(&s->s, p, broker_ms(b), &a, &diag);
    if (rc != MQW_OK) {
        conn_fail(c, rc, &diag, MQW_DIAG_SESSION, mqw_packet_name(p->type));
        return;
    }
    act(s, &a);
    if (a.deliver == MQW_DELIVER_NOW) {
        msg *m = msg_new(&p->u.publish, topic, s->serial, b->now);
        if (m) {
            subs_publish(b, m);
            msg_unref(m);
        }
    }
    session_run(s);
}

uint32_t session_timers(broker *b)
{
    uint64_t next = b->now + 1000u;
    session *s = b->sessions;
    while (s) {
        session *later = s->next;
        if (!s->conn && s->will && b->now >= s->will_at) {
            msg *m = s->will;
            s->will = NULL;
            will_publish(b, m);
        }
        uint64_t ends = s->expiry == UINT32_MAX ? UINT64_MAX : s->gone_at + s->expiry * 1000ull;
        if (!s->conn && b->now >= ends) {
            session_end(s);
        } else if (!s->conn) {
            next = ends < next ? ends : next;
            next = s->will && s->will_at < next ? s->will_at : next;
        }
        s = later;
    }
    return (uint32_t)(next - b->now);
}
