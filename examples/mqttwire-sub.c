/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/*
 * mqttwire-sub: subscribe to topics on an MQTT server (3.1, 3.1.1 or 5.0)
 * and print each message as one line, "<topic> <payload>".
 *
 *   mqttwire-sub -p 1883 -V 5 -t 'sensors/#' -q 2 -v
 *   mqttwire-sub -t load/test -q 2 --count 1000 --timeout 30
 *
 * The receiving half of every QoS flow: PUBACK for QoS 1; PUBREC, then
 * PUBCOMP on PUBREL for QoS 2, delivering each QoS 2 message once however
 * often the server sends it. In 5.0 it takes topic aliases from the server
 * (it announces a Topic Alias Maximum) and prints message properties (-v).
 */
#define _POSIX_C_SOURCE 200809L /* strndup */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"

/* How many topic aliases the server may use towards us (5.0). */
#define ALIAS_MAX 16

static const char usage[] =
    "usage: mqttwire-sub [options] -t FILTER [-t FILTER ...]\n"
    "  -t FILTER            a Topic Filter to subscribe to (repeatable, up to 16)\n"
    "  -q 0|1|2             the QoS asked for (0)\n"
    "  --count N            exit after N messages\n"
    "  --timeout SECONDS    exit after this long (status 3 if --count was not reached)\n"
    "  --inflight N         5.0: Receive Maximum announced to the server (10)\n"
    "  -v                   print flags and 5.0 properties under each message, and\n"
    "                       the CONNACK and SUBACK on stderr\n";

typedef struct subscriber {
    client conn;
    client_opts o;
    bool subscribed;
    long received;
    /* Topic Name of each alias the server set (5.0); copies, because the
     * PUBLISH that set one lives in the reader's buffer only until the
     * next packet. */
    char *alias[ALIAS_MAX + 1];
    /* QoS 2 messages received (PUBREC sent) whose PUBREL has not come, by
     * Packet Identifier. A PUBLISH with an id in here is a resend of a
     * message already delivered. */
    bool qos2_open[65536];
    unsigned n_qos2_open;
} subscriber;

/* Mark a QoS 2 Packet Identifier open (PUBREC sent) or closed (PUBREL
 * received); return whether it was open. */
static bool qos2_mark(subscriber *s, uint16_t id, bool open)
{
    bool was = s->qos2_open[id];
    if (open != was)
        s->n_qos2_open = open ? s->n_qos2_open + 1 : s->n_qos2_open - 1;
    s->qos2_open[id] = open;
    return was;
}

static int send_ack(subscriber *s, int type, uint16_t packet_id, uint8_t code)
{
    mqw_packet pkt = {.type = (uint8_t)type};
    pkt.u.ack.packet_id = packet_id;
    pkt.u.ack.code = code;
    return client_send(&s->conn, &pkt);
}

static int subscribe(subscriber *s)
{
    mqw_subscription subs[CLIENT_MAX_TOPICS];
    memset(subs, 0, sizeof subs);
    for (size_t k = 0; k < s->o.n_topics; k++) {
        subs[k].filter = mqw_cstr(s->o.topics[k]);
        subs[k].qos = (uint8_t)s->o.qos;
    }
    mqw_packet pkt = {.type = MQW_SUBSCRIBE};
    pkt.u.subscribe.packet_id = 1;
    pkt.u.subscribe.subs = subs;
    pkt.u.subscribe.n = s->o.n_topics;
    return client_send(&s->conn, &pkt);
}

/* One code per filter: the granted QoS, or a refusal (3.x 0x80, 5.0 any
 * reason code from 0x80). */
static int handle_suback(subscriber *s, const mqw_suback *ack)
{
    int failed = 0;
    for (size_t k = 0; k < ack->codes.len; k++) {
        uint8_t code = ack->codes.ptr[k];
        const char *filter = k < s->o.n_topics ? s->o.topics[k] : "?";
        if (code >= 0x80) {
            fprintf(stderr, "subscription to %s refused: %s (0x%02X)\n", filter,
                    s->conn.version == MQW_V5 ? mqw_reason_string(code) : "Failure", code);
            failed = -1;
        } else if (s->o.verbose) {
            fprintf(stderr, "subscribed to %s, QoS %u\n", filter, code);
        }
    }
    s->subscribed = true;
    return failed;
}

/* The Topic Name of a 5.0 PUBLISH through the alias table: an alias with a
 * topic (re)defines the alias, an alias with an empty topic uses it. NULL
 * after a protocol error (the connection is then closed). */
static const char *resolve_topic(subscriber *s, const mqw_publish *m, char *plain, size_t cap)
{
    mqw_property alias;
    if (s->conn.version != MQW_V5 || !mqw_props_find(&m->props, MQW_PROP_TOPIC_ALIAS, &alias)) {
        /* No alias: a NUL-terminated copy for printing. The topic holds no
         * U+0000 (the parser checked STR-6). */
        snprintf(plain, cap, "%.*s", (int)m->topic.len, (const char *)m->topic.ptr);
        return plain;
    }
    if (alias.v.num > ALIAS_MAX) {
        client_protocol_error(&s->conn, 0x94, "Topic Alias above our Topic Alias Maximum");
        return NULL;
    }
    char **slot = &s->alias[alias.v.num];
    if (m->topic.len) {
        free(*slot);
        *slot = strndup((const char *)m->topic.ptr, m->topic.len);
    } else if (!*slot) {
        client_protocol_error(&s->conn, 0x82, "Topic Alias used before it was set");
        return NULL;
    }
    return *slot;
}

static int handle_publish(subscriber *s, const mqw_publish *m)
{
    static char plain[65536];
    const char *topic = resolve_topic(s, m, plain, sizeof plain);
    if (!topic)
        return -1;
    /* QoS 2, exactly once: deliver on the first PUBLISH of a Packet
     * Identifier; a resend before PUBREL is acknowledged, not delivered. */
    bool seen = m->qos == 2 && qos2_mark(s, m->packet_id, true);
    if (!seen) {
        printf("%s ", topic);
        fwrite(m->payload.ptr, 1, m->payload.len, stdout);
        putchar('\n');
        if (s->o.verbose) {
            printf("  qos=%u retain=%d dup=%d\n", m->qos, m->retain, m->dup);
            client_print_props(stdout, &m->props, "  ");
        }
        fflush(stdout);
        s->received++;
    }
    if (m->qos == 1)
        return send_ack(s, MQW_PUBACK, m->packet_id, 0);
    if (m->qos == 2)
        return send_ack(s, MQW_PUBREC, m->packet_id, 0);
    return 0;
}

/* PUBREL ends a QoS 2 flow: forget the id, answer PUBCOMP. An id we do not
 * know gets 0x92 in 5.0 (3.x has no way to say so: plain PUBCOMP). */
static int handle_pubrel(subscriber *s, const mqw_ack *rel)
{
    bool known = qos2_mark(s, rel->packet_id, false);
    return send_ack(s, MQW_PUBCOMP, rel->packet_id, known || s->conn.version != MQW_V5 ? 0 : 0x92);
}

static void parse_args(subscriber *s, int argc, char **argv)
{
    client_opts_init(&s->o, "mqttwire-sub", usage);
    for (int i = 1; i < argc; i++)
        if (!client_opts_parse(&s->o, argc, argv, &i))
            client_usage_error(&s->o, "unknown option %s", argv[i]);
    if (!s->o.n_topics)
        client_usage_error(&s->o, "give at least one -t FILTER");
}

int main(int argc, char **argv)
{
    static subscriber s;
    parse_args(&s, argc, argv);

    /* 5.0: let the server send topic aliases, and at most --inflight QoS
     * 1/2 messages unacknowledged. */
    mqw_property props[] = {
        {.id = MQW_PROP_TOPIC_ALIAS_MAXIMUM, .v.num = ALIAS_MAX},
        {.id = MQW_PROP_RECEIVE_MAXIMUM, .v.num = s.o.inflight},
    };
    if (client_connect(&s.conn, &s.o, props, 2) || subscribe(&s)) {
        client_abort(&s.conn);
        return EXIT_ERROR;
    }

    long long give_up =
        s.o.timeout_s > 0 ? client_now_ms() + (long long)(s.o.timeout_s * 1000) : -1;
    /* Done after --count messages, once their QoS 2 flows are complete. */
    while (!s.o.count || s.received < s.o.count || s.n_qos2_open) {
        long long wait = client_keep_alive(&s.conn);
        if (wait == -2)
            break;
        if (give_up >= 0) {
            long long left = give_up - client_now_ms();
            if (left <= 0) {
                bool short_of = s.o.count && s.received < s.o.count;
                if (short_of)
                    fprintf(stderr, "timed out after %ld of %ld message(s)\n", s.received,
                            s.o.count);
                client_disconnect(&s.conn);
                return short_of ? EXIT_TIMEOUT : 0;
            }
            wait = wait < 0 || left < wait ? left : wait;
        }
        mqw_packet pkt;
        int rc = client_read(&s.conn, &pkt, wait);
        if (rc < 0)
            break;
        if (rc == 0)
            continue;
        if (pkt.type == MQW_PUBLISH)
            rc = handle_publish(&s, &pkt.u.publish);
        else if (pkt.type == MQW_PUBREL)
            rc = handle_pubrel(&s, &pkt.u.ack);
        else if (pkt.type == MQW_SUBACK && !s.subscribed)
            rc = handle_suback(&s, &pkt.u.suback);
        else
            fprintf(stderr, "unexpected %s from the server\n", mqw_packet_name(pkt.type));
        if (rc < 0)
            break;
    }
    if (s.o.count && s.received >= s.o.count && !s.n_qos2_open) {
        client_disconnect(&s.conn);
        return 0;
    }
    client_abort(&s.conn);
    return EXIT_ERROR;
}
