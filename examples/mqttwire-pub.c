/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/*
 * mqttwire-pub: publish messages to an MQTT server with MQTT 3.1, 3.1.1 or
 * 5.0 at QoS 0, 1 or 2, several in flight at once.
 *
 *   mqttwire-pub -p 1883 -V 5 -t sensors/17 -q 2 -m 21.5
 *   mqttwire-pub -t load/test -q 2 --count 1000 --inflight 20
 *
 * mqttwire builds every packet, parses every reply and keeps the delivery
 * rules: its session hands out Packet Identifiers, keeps the window the
 * server's Receive Maximum allows, says when to send PUBREL and when a
 * message is done, and what to resend (3.x after a timeout, and after a
 * reconnect that kept the session); its alias table chooses Topic Aliases.
 * This file is the application around it: the messages, and what the
 * session says to send built from them.
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"

#define MAX_PROPS 32
#define RETRY_MAX_MS 60000
/* A flow that --retry-ms resends this often is given up. */
#define RETRY_LIMIT 255

typedef struct pub_opts {
    client_opts c;
    const char *message; /* -m */
    const char *file;    /* -f */
    bool retain;         /* -r */
    unsigned retry_ms;   /* --retry-ms, 0 = never resend */
    bool topic_alias;    /* --topic-alias */
    bool die_after_connect;
    mqw_property props[MAX_PROPS]; /* 5.0 PUBLISH properties */
    size_t n_props;
} pub_opts;

typedef struct publisher {
    client conn;
    const pub_opts *o;
    mqw_bytes payload; /* -m or -f; NULL ptr: numbered messages */
    char numbered[32];
    unsigned peak; /* messages in flight at most */
    long refused;
    uint32_t resend_ms[16]; /* --retry-ms, doubling up to RETRY_MAX_MS */
    mqw_alias alias;
    mqw_alias_slot alias_slot;
} publisher;

static const char usage[] =
    "usage: mqttwire-pub [options] -t TOPIC (-m MESSAGE | -f FILE | --count N)\n"
    "  -t TOPIC             the Topic Name to publish to\n"
    "  -q 0|1|2             the QoS of the messages (0)\n"
    "  -m MESSAGE           the payload (sent --count times, default once)\n"
    "  -f FILE              the payload from a file\n"
    "  --count N            the number of messages; without -m/-f they are\n"
    "                       \"msg-1\" .. \"msg-N\"\n"
    "  -r                   retain\n"
    "  --inflight N         QoS 1/2 messages in flight at once (10; 5.0: at most\n"
    "                       the server's Receive Maximum)\n"
    "  --timeout SECONDS    give up after this long if messages are still\n"
    "                       unacknowledged (exit status 3)\n"
    "  --retry-ms MS        3.x: resend with DUP when no ack came in MS (doubling)\n"
    "  --die-after-connect  close without DISCONNECT after CONNACK (the Will fires)\n"
    "  -v                   print the CONNACK, resends and a summary on stderr\n"
    "5.0 only:\n"
    "  -u KEY=VALUE         User Property (repeatable, order kept)\n"
    "  --content-type TEXT  Content Type\n"
    "  --response-topic TOPIC\n"
    "                       Response Topic\n"
    "  --correlation-data TEXT\n"
    "                       Correlation Data\n"
    "  --message-expiry SECONDS\n"
    "                       Message Expiry Interval\n"
    "  --topic-alias        first PUBLISH sends topic + alias, later ones the alias\n";

static mqw_property *add_prop(pub_opts *o, uint8_t id)
{
    if (o->n_props == MAX_PROPS) {
        fprintf(stderr, "too many properties\n");
        exit(EXIT_USAGE);
    }
    mqw_property *p = &o->props[o->n_props++];
    memset(p, 0, sizeof *p);
    p->id = id;
    return p;
}

static void parse_args(pub_opts *o, int argc, char **argv)
{
    client_opts_init(&o->c, "mqttwire-pub", usage);
    for (int i = 1; i < argc; i++) {
        if (client_opts_parse(&o->c, argc, argv, &i))
            continue;
        const char *opt = argv[i], *val = NULL;
        unsigned long n = 0;
        bool ok = true;
        /* The option's value: steps past it, or stops with a usage error. */
#define TAKE_VALUE() (val = client_opts_value(&o->c, argc, argv, &i))
        if (!strcmp(opt, "-r")) {
            o->retain = true;
        } else if (!strcmp(opt, "--topic-alias")) {
            o->topic_alias = true;
        } else if (!strcmp(opt, "--die-after-connect")) {
            o->die_after_connect = true;
        } else if (!strcmp(opt, "-m")) {
            o->message = TAKE_VALUE();
        } else if (!strcmp(opt, "-f")) {
            o->file = TAKE_VALUE();
        } else if (!strcmp(opt, "--retry-ms")) {
            ok = client_parse_ulong(TAKE_VALUE(), 1, RETRY_MAX_MS, &n);
            o->retry_ms = (unsigned)n;
        } else if (!strcmp(opt, "-u")) {
            const char *eq = strchr(TAKE_VALUE(), '=');
            ok = eq != NULL;
            if (ok) {
                mqw_property *p = add_prop(o, MQW_PROP_USER_PROPERTY);
                p->v.pair.name = (mqw_bytes){(const uint8_t *)val, (size_t)(eq - val)};
                p->v.pair.value = mqw_cstr(eq + 1);
            }
        } else if (!strcmp(opt, "--content-type")) {
            add_prop(o, MQW_PROP_CONTENT_TYPE)->v.bytes = mqw_cstr(TAKE_VALUE());
        } else if (!strcmp(opt, "--response-topic")) {
            add_prop(o, MQW_PROP_RESPONSE_TOPIC)->v.bytes = mqw_cstr(TAKE_VALUE());
        } else if (!strcmp(opt, "--correlation-data")) {
            add_prop(o, MQW_PROP_CORRELATION_DATA)->v.bytes = mqw_cstr(TAKE_VALUE());
        } else if (!strcmp(opt, "--message-expiry")) {
            ok = client_parse_ulong(TAKE_VALUE(), 0, 0xFFFFFFFFul, &n);
            if (ok)
                add_prop(o, MQW_PROP_MESSAGE_EXPIRY_INTERVAL)->v.num = (uint32_t)n;
        } else {
            client_usage_error(&o->c, "unknown option %s", opt);
        }
#undef TAKE_VALUE
        if (!ok)
            client_usage_error(&o->c, "bad value for %s: '%s'", opt, val);
    }
    const char *why = NULL;
    if (o->c.n_topics != 1)
        why = "give exactly one -t TOPIC";
    else if (!o->message && !o->file && !o->c.count && !o->die_after_connect)
        why = "give -m, -f or --count";
    else if (o->message && o->file)
        why = "give -m or -f, not both";
    else if ((o->n_props || o->topic_alias) && o->c.version != MQW_V5)
        why = "properties and topic aliases need -V 5";
    else if (o->retry_ms && o->c.version == MQW_V5)
        /* 5.0 resends only on a new connection: [MQTT-4.4.0-1]. */
        why = "MQTT 5.0 forbids resending on a live connection; --retry-ms is for 3.x";
    if (why)
        client_usage_error(&o->c, "%s", why);
    if (!o->c.count)
        o->c.count = 1;
}

/* The whole file in memory: a PUBLISH payload goes out in one piece. */
static mqw_bytes load_file(const char *path)
{
    FILE *f = fopen(path, "rb");
    size_t len = 0, cap = 1 << 16;
    uint8_t *data = malloc(cap);
    size_t got;
    if (!f || !data) {
        perror(path);
        exit(EXIT_ERROR);
    }
    while ((got = fread(data + len, 1, cap - len, f)) > 0) {
        len += got;
        if (len == cap && !(data = realloc(data, cap *= 2))) {
            perror(path);
            exit(EXIT_ERROR);
        }
    }
    fclose(f);
    return (mqw_bytes){data, len};
}

/* Send the PUBLISH an action asks for: message number `cookie` with the
 * session's QoS, DUP and Packet Identifier, through the alias table. */
static int send_message(publisher *p, const mqw_action *act)
{
    const pub_opts *o = p->o;
    mqw_property props[MAX_PROPS + 1];
    memcpy(props, o->props, o->n_props * sizeof props[0]);
    mqw_publish pub = {
        .qos = act->qos,
        .dup = act->dup,
        .retain = o->retain,
        .packet_id = act->packet_id,
        .topic = mqw_cstr(o->c.topics[0]),
        .payload = p->payload,
        .props = {.list = props, .n = o->n_props},
    };
    uint16_t alias = 0;
    if (o->topic_alias)
        mqw_alias_send(&p->alias, pub.topic, &alias, &pub.topic);
    if (alias)
        props[pub.props.n++] = (mqw_property){.id = MQW_PROP_TOPIC_ALIAS, .v.num = alias};
    if (!pub.payload.ptr) {
        snprintf(p->numbered, sizeof p->numbered, "msg-%lu", (unsigned long)act->cookie);
        pub.payload = mqw_cstr(p->numbered);
    }
    if (act->dup && o->c.verbose)
        fprintf(stderr, "resending message %lu (packet id %u) with DUP\n",
                (unsigned long)act->cookie, act->packet_id);
    int rc = client_send_publish(&p->conn, &pub);
    uint16_t n = mqw_session_inflight(&p->conn.session);
    p->peak = n > p->peak ? n : p->peak;
    return rc;
}

/* A message the session is done with: acknowledged, refused (5.0: a
 * PUBACK or PUBREC code from 0x80 ends the flow, [MQTT-4.4.0-2]), or lost
 * with a session the server did not keep. */
static void finish(publisher *p, const mqw_action *act)
{
    unsigned long index = (unsigned long)act->cookie;
    p->refused += act->done != MQW_DONE_ACKED;
    if (act->done == MQW_DONE_LOST)
        fprintf(stderr, "message %lu lost: the server did not keep the session\n", index);
    else if (act->result)
        fprintf(stderr, "message %lu: %s %s (0x%02X)\n", index,
                act->qos == 1                   ? "PUBACK"
                : act->done == MQW_DONE_REFUSED ? "PUBREC"
                                                : "PUBCOMP",
                mqw_reason_string(act->result), act->result);
}

/* Do what the session says: finish a message, send a PUBLISH or PUBREL. */
static int act_on(publisher *p, const mqw_action *act)
{
    if (act->done)
        finish(p, act);
    if (act->send == MQW_PUBLISH)
        return send_message(p, act);
    return client_send_ack(&p->conn, act);
}

/* The session: one slot per message in flight (--inflight), resends on
 * 3.x after --retry-ms, doubling; the alias table holds the one topic. */
static int start_session(publisher *p)
{
    const pub_opts *o = p->o;
    for (unsigned k = 0; k < 16; k++) {
        uint32_t ms = (uint32_t)o->retry_ms << k;
        p->resend_ms[k] = ms < RETRY_MAX_MS ? ms : RETRY_MAX_MS;
    }
    uint16_t n = (uint16_t)(o->c.inflight < MQW_SESSION_MAX_FLIGHTS ? o->c.inflight
                                                                    : MQW_SESSION_MAX_FLIGHTS);
    mqw_session_config cfg = {
        .role = MQW_ROLE_CLIENT,
        .flights = calloc(n, sizeof(mqw_flight)),
        .n_flights = n,
        .resend_ms = p->resend_ms,
        .resend_n = 16,
        .resend_limit = o->retry_ms ? RETRY_LIMIT : 0,
    };
    if (!cfg.flights || mqw_session_init(&p->conn.session, &cfg) != MQW_OK)
        return -1;
    if (!o->topic_alias)
        return 0;
    size_t topic_len = strlen(o->c.topics[0]);
    p->conn.alias_out = &p->alias;
    return mqw_alias_init(&p->alias, &p->alias_slot, 1, malloc(topic_len), topic_len);
}

/* Check what the server's CONNACK allows against what was asked. */
static int check_server_limits(publisher *p)
{
    const client *c = &p->conn;
    const pub_opts *o = p->o;
    if ((unsigned)o->c.qos > c->server_max_qos) {
        fprintf(stderr, "the server allows QoS %u at most\n", c->server_max_qos);
        return -1;
    }
    if (o->retain && !c->server_retain) {
        fprintf(stderr, "the server does not keep retained messages\n");
        return -1;
    }
    if (o->topic_alias && !c->link.alias_max)
        fprintf(stderr, "the server takes no topic aliases: sending the topic\n");
    if (o->c.verbose && c->link.receive_max < o->c.inflight)
        fprintf(stderr, "in flight: at most %u (server Receive Maximum)\n", c->link.receive_max);
    return 0;
}

int main(int argc, char **argv)
{
    static pub_opts o;
    static publisher p;
    parse_args(&o, argc, argv);
    p.o = &o;
    if (o.file)
        p.payload = load_file(o.file);
    else if (o.message)
        p.payload = mqw_cstr(o.message);

    if (start_session(&p)) {
        fprintf(stderr, "cannot set up the session\n");
        return EXIT_ERROR;
    }
    int failed = client_connect(&p.conn, &o.c, NULL, 0);
    if (failed || o.die_after_connect) {
        client_abort(&p.conn);
        return failed ? EXIT_ERROR : 0;
    }
    if (check_server_limits(&p)) {
        client_disconnect(&p.conn);
        return EXIT_ERROR;
    }

    mqw_session *session = &p.conn.session;
    long long give_up =
        o.c.timeout_s > 0 ? client_now_ms() + (long long)(o.c.timeout_s * 1000) : -1;
    long next = 1;
    mqw_action act;
    for (;;) {
        /* New messages while the session has a free slot; it sends them
         * at once or when the window has room. */
        uint32_t now = (uint32_t)client_now_ms();
        while (next <= o.c.count && mqw_session_publish(session, (uint8_t)o.c.qos, (uintptr_t)next,
                                                        now, &act) == MQW_OK) {
            next++;
            if (act.send && send_message(&p, &act))
                goto broken;
        }
        long long wait = client_timers(&p.conn);
        if (wait == -2)
            goto broken;
        /* What the window, a timeout or a reconnect released. */
        while (mqw_session_next(session, now, &act))
            if (act_on(&p, &act))
                goto broken;
        if (next > o.c.count && !mqw_session_flows(session))
            break;
        long long left = give_up < 0 ? -1 : give_up - client_now_ms();
        if (give_up >= 0 && left <= 0) {
            fprintf(stderr, "timed out with %u message(s) unacknowledged\n",
                    mqw_session_flows(session));
            client_disconnect(&p.conn);
            return EXIT_TIMEOUT;
        }
        /* The server's answer: the session says what it means (and its
         * PUBREL is sent). */
        mqw_packet pkt;
        int rc = client_receive(&p.conn, &pkt, &act, client_min_wait(wait, left));
        if (rc == CLIENT_BROKEN)
            goto broken;
        if (act.deliver)
            fprintf(stderr, "unexpected PUBLISH from the server\n");
        if (act.done)
            finish(&p, &act);
    }
    if (o.c.verbose)
        fprintf(stderr, "%ld message(s) sent, %u at most in flight\n", o.c.count, p.peak);
    client_disconnect(&p.conn);
    return p.refused ? EXIT_ERROR : 0;

broken:
    client_abort(&p.conn);
    return EXIT_ERROR;
}
