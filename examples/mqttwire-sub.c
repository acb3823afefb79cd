/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/*
 * mqttwire-sub: subscribe to topics on an MQTT server (3.1, 3.1.1 or 5.0)
 * and print each message as one line, "<topic> <payload>".
 *
 *   mqttwire-sub -p 1883 -V 5 -t 'sensors/#' -q 2 -v
 *   mqttwire-sub -t load/test -q 2 --count 1000 --timeout 30
 *
 * The receiving half of every QoS flow is mqttwire's session: PUBACK for
 * QoS 1; PUBREC, then PUBCOMP on PUBREL for QoS 2, each QoS 2 message
 * delivered once however often the server sends it, across reconnects
 * that keep the session (-c). In 5.0 it takes topic aliases from the
 * server through mqttwire's alias table (it announces a Topic Alias
 * Maximum) and prints message properties (-v).
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"

/* How many topic aliases the server may use towards us (5.0), and the
 * longest Topic Name one can stand for (the pool: ALIAS_MAX x that). */
#define ALIAS_MAX 16
#define ALIAS_TOPIC_MAX 1024

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
    long received;
    mqw_alias alias;
    mqw_alias_slot alias_slots[ALIAS_MAX];
    uint8_t alias_topics[ALIAS_MAX * ALIAS_TOPIC_MAX];
} subscriber;

static int subscribe(subscriber *s)
{
    mqw_subscription subs[CLIENT_MAX_TOPICS];
    memset(subs, 0, sizeof subs);
    for (size_t k = 0; k < s->o.n_topics; k++) {
        subs[k].filter = mqw_cstr(s->o.topics[k]);
        subs[k].qos = (uint8_t)s->o.qos;
    }
    mqw_action act;
    if (mqw_session_subscribe(&s->conn.session, s->o.n_topics, 0, &act) != MQW_OK)
        return -1;
    mqw_packet pkt = {
        .type = MQW_SUBSCRIBE,
        .u.subscribe = {.packet_id = act.packet_id, .subs = subs, .n = s->o.n_topics}};
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
                    s->o.version == MQW_V5 ? mqw_reason_string(code) : "Failure", code);
            failed = -1;
        } else if (s->o.verbose) {
            fprintf(stderr, "subscribed to %s, QoS %u\n", filter, code);
        }
    }
    return failed;
}

/* A message to deliver: "<topic> <payload>" (the Topic Name resolved
 * through the alias table). */
static void print_message(subscriber *s, const mqw_publish *m)
{
    fwrite(m->topic.ptr, 1, m->topic.len, stdout);
    putchar(' ');
    fwrite(m->payload.ptr, 1, m->payload.len, stdout);
    putchar('\n');
    if (s->o.verbose) {
        printf("  qos=%u retain=%d dup=%d\n", m->qos, m->retain, m->dup);
        client_print_props(stdout, &m->props, "  ");
    }
    fflush(stdout);
    s->received++;
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

/* The session: one slot for the SUBSCRIBE, and room to hold the Packet
 * Identifier of every QoS 2 message the server may have in flight, which
 * before 5.0 is any number. On 5.0 it holds the server to the Receive
 * Maximum we announce (--inflight, DL-8) but for one thing: mosquitto
 * 2.0.11 counts a QoS 2 message in it only until our PUBREC and sends the
 * next one then (16 unfinished for a Receive Maximum of 10), so that
 * count is lenient (MQW_LENIENT_RECEIVE_MAXIMUM). */
static int start_session(subscriber *s)
{
    static mqw_flight flight;
    mqw_session_config cfg = {
        .role = MQW_ROLE_CLIENT,
        .flights = &flight,
        .n_flights = 1,
        .held = calloc(65535, sizeof(mqw_held)),
        .n_held = 65535,
        .receive_max = (uint16_t)s->o.inflight,
        .flags = MQW_LENIENT_RECEIVE_MAXIMUM,
    };
    s->conn.alias_in = &s->alias;
    if (!cfg.held || mqw_session_init(&s->conn.session, &cfg) != MQW_OK)
        return -1;
    return mqw_alias_init(&s->alias, s->alias_slots, ALIAS_MAX, s->alias_topics,
                          sizeof s->alias_topics);
}

int main(int argc, char **argv)
{
    static subscriber s;
    parse_args(&s, argc, argv);
    /* 5.0: at most --inflight QoS 1/2 messages unacknowledged. */
    mqw_property rm = {.id = MQW_PROP_RECEIVE_MAXIMUM, .v.num = s.o.inflight};
    if (start_session(&s)) {
        fprintf(stderr, "cannot set up the session\n");
        return EXIT_ERROR;
    }
    if (client_connect(&s.conn, &s.o, &rm, 1) || subscribe(&s)) {
        client_abort(&s.conn);
        return EXIT_ERROR;
    }

    long long give_up =
        s.o.timeout_s > 0 ? client_now_ms() + (long long)(s.o.timeout_s * 1000) : -1;
    /* Done after --count messages, once the QoS 2 flows of those delivered
     * are complete (no identifier held). */
    while (!s.o.count || s.received < s.o.count || mqw_session_held(&s.conn.session)) {
        long long wait = client_timers(&s.conn);
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
            wait = client_min_wait(wait, left);
        }
        mqw_packet pkt;
        mqw_action act;
        int rc = client_receive(&s.conn, &pkt, &act, wait);
        if (rc == CLIENT_BROKEN)
            break;
        if (rc == CLIENT_RECONNECTED && !s.conn.link.session_present && subscribe(&s))
            break;
        if (rc != CLIENT_PACKET)
            continue;
        if (act.deliver == MQW_DELIVER_NOW)
            print_message(&s, &pkt.u.publish);
        else if (pkt.type == MQW_SUBACK && handle_suback(&s, &pkt.u.suback))
            break;
        else if (pkt.type != MQW_PUBLISH && pkt.type != MQW_SUBACK && pkt.type != MQW_PUBREL)
            fprintf(stderr, "unexpected %s from the server\n", mqw_packet_name(pkt.type));
    }
    if (s.o.count && s.received >= s.o.count && !mqw_session_held(&s.conn.session)) {
        client_disconnect(&s.conn);
        return 0;
    }
    client_abort(&s.conn);
    return EXIT_ERROR;
}
