/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/*
 * mqttwire-pub: publish messages to an MQTT server with MQTT 3.1, 3.1.1 or
 * 5.0 at QoS 0, 1 or 2, several in flight at once.
 *
 *   mqttwire-pub -p 1883 -V 5 -t sensors/17 -q 2 -m 21.5
 *   mqttwire-pub -t load/test -q 2 --count 1000 --inflight 20
 *
 * mqttwire builds every packet and parses every reply; this file is the
 * application around it: the in-flight table that matches acks to messages
 * by Packet Identifier, retransmission, and the server's limits from
 * CONNACK (Receive Maximum, Maximum QoS, Topic Alias Maximum, Maximum
 * Packet Size).
 */
#define _POSIX_C_SOURCE 200809L

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "client.h"

#define MAX_PROPS 32
#define RETRY_MAX_MS 60000
#define TOPIC_ALIAS 1

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

/* A QoS 1 or 2 message the server has not finished acknowledging. */
typedef struct inflight {
    long index; /* message number, 1..count; 0: free slot */
    uint16_t packet_id;
    uint8_t awaiting; /* MQW_PUBACK, MQW_PUBREC or MQW_PUBCOMP */
    long long due_ms; /* resend if the ack has not come by then */
    unsigned backoff_ms;
} inflight;

typedef struct publisher {
    client conn;
    const pub_opts *o;
    mqw_bytes payload; /* -m or -f; NULL ptr: numbered messages */
    char numbered[32];
    inflight *slots;
    unsigned window; /* slots: --inflight, at most the Receive Maximum */
    unsigned used, peak;
    uint16_t last_id;
    bool use_alias;
    long refused;
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

/* The options of mqttwire-pub alone that take a value. */
static bool takes_value(const char *opt)
{
    static const char *const with_value[] = {
        "-m",
        "-f",
        "--retry-ms",
        "-u",
        "--content-type",
        "--response-topic",
        "--correlation-data",
        "--message-expiry",
    };
    for (size_t k = 0; k < sizeof with_value / sizeof with_value[0]; k++)
        if (!strcmp(opt, with_value[k]))
            return true;
    return false;
}

static void parse_args(pub_opts *o, int argc, char **argv)
{
    client_opts_init(&o->c, "mqttwire-pub", usage);
    for (int i = 1; i < argc; i++) {
        if (client_opts_parse(&o->c, argc, argv, &i))
            continue;
        const char *opt = argv[i];
        unsigned long n;
        if (!strcmp(opt, "-r")) {
            o->retain = true;
            continue;
        }
        if (!strcmp(opt, "--topic-alias")) {
            o->topic_alias = true;
            continue;
        }
        if (!strcmp(opt, "--die-after-connect")) {
            o->die_after_connect = true;
            continue;
        }
        if (!takes_value(opt))
            client_usage_error(&o->c, "unknown option %s", opt);
        if (i + 1 >= argc)
            client_usage_error(&o->c, "missing value after %s", opt);
        const char *val = argv[++i];
        bool ok = true;
        if (!strcmp(opt, "-m")) {
            o->message = val;
        } else if (!strcmp(opt, "-f")) {
            o->file = val;
        } else if (!strcmp(opt, "--retry-ms")) {
            ok = client_parse_ulong(val, 1, RETRY_MAX_MS, &n);
            o->retry_ms = (unsigned)n;
        } else if (!strcmp(opt, "-u")) {
            const char *eq = strchr(val, '=');
            ok = eq != NULL;
            if (ok) {
                mqw_property *p = add_prop(o, MQW_PROP_USER_PROPERTY);
                p->v.pair.name = (mqw_bytes){(const uint8_t *)val, (size_t)(eq - val)};
                p->v.pair.value = mqw_cstr(eq + 1);
            }
        } else if (!strcmp(opt, "--content-type")) {
            add_prop(o, MQW_PROP_CONTENT_TYPE)->v.bytes = mqw_cstr(val);
        } else if (!strcmp(opt, "--response-topic")) {
            add_prop(o, MQW_PROP_RESPONSE_TOPIC)->v.bytes = mqw_cstr(val);
        } else if (!strcmp(opt, "--correlation-data")) {
            add_prop(o, MQW_PROP_CORRELATION_DATA)->v.bytes = mqw_cstr(val);
        } else { /* --message-expiry */
            ok = client_parse_ulong(val, 0, 0xFFFFFFFFul, &n);
            if (ok)
                add_prop(o, MQW_PROP_MESSAGE_EXPIRY_INTERVAL)->v.num = (uint32_t)n;
        }
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

static int send_message(publisher *p, long index, uint16_t packet_id, bool dup)
{
    const pub_opts *o = p->o;
    mqw_property props[MAX_PROPS + 1];
    size_t n = o->n_props;
    memcpy(props, o->props, n * sizeof props[0]);
    mqw_publish pub = {
        .qos = (uint8_t)o->c.qos,
        .dup = dup,
        .retain = o->retain,
        .packet_id = packet_id,
        .topic = mqw_cstr(o->c.topics[0]),
        .payload = p->payload,
    };
    if (p->use_alias) {
        props[n++] = (mqw_property){.id = MQW_PROP_TOPIC_ALIAS, .v.num = TOPIC_ALIAS};
        /* The first PUBLISH maps the alias to the topic (in order: TCP and
         * the server keep it); later ones send an empty Topic Name. */
        if (index > 1)
            pub.topic = mqw_cstr("");
    }
    if (o->c.version == MQW_V5)
        pub.props = (mqw_props){.list = props, .n = n};
    if (!pub.payload.ptr) {
        snprintf(p->numbered, sizeof p->numbered, "msg-%ld", index);
        pub.payload = mqw_cstr(p->numbered);
    }
    if (dup && o->c.verbose)
        fprintf(stderr, "resending message %ld (packet id %u) with DUP\n", index, packet_id);
    return client_send_publish(&p->conn, &pub);
}

/* PUBREL, and on 3.1 its DUP flag when it is a resend (31-12). */
static int send_pubrel(publisher *p, uint16_t packet_id, bool resend)
{
    mqw_packet pkt = {.type = MQW_PUBREL};
    pkt.u.ack.packet_id = packet_id;
    pkt.u.ack.dup = resend && p->conn.version == MQW_V31;
    if (resend && p->o->c.verbose)
        fprintf(stderr, "resending PUBREL for packet id %u\n", packet_id);
    return client_send(&p->conn, &pkt);
}

static void arm_retry(publisher *p, inflight *s)
{
    s->backoff_ms = p->o->retry_ms;
    s->due_ms = client_now_ms() + s->backoff_ms;
}

/* Start message `index` in a free slot: a fresh Packet Identifier, one that
 * no message still in flight uses. */
static int start_message(publisher *p, long index)
{
    if (p->o->c.qos == 0)
        return send_message(p, index, 0, false);
    inflight *s = p->slots;
    while (s->index)
        s++;
    bool taken;
    do {
        p->last_id = (uint16_t)(p->last_id == 65535 ? 1 : p->last_id + 1);
        taken = false;
        for (unsigned k = 0; k < p->window; k++)
            taken |= p->slots[k].index && p->slots[k].packet_id == p->last_id;
    } while (taken);
    s->index = index;
    s->packet_id = p->last_id;
    s->awaiting = p->o->c.qos == 1 ? MQW_PUBACK : MQW_PUBREC;
    arm_retry(p, s);
    if (++p->used > p->peak)
        p->peak = p->used;
    return send_message(p, index, s->packet_id, false);
}

/* An ack from the server: find its message by Packet Identifier, advance
 * the flow (PUBREC -> PUBREL), free the slot when the flow is done. */
static int handle_ack(publisher *p, const mqw_ack *ack)
{
    inflight *s = NULL;
    for (unsigned k = 0; k < p->window && !s; k++)
        if (p->slots[k].index && p->slots[k].packet_id == ack->packet_id)
            s = &p->slots[k];
    if (!s || s->awaiting != ack->type) {
        /* A late ack of something resent: the flow has moved on. */
        if (p->o->c.verbose)
            fprintf(stderr, "ignoring %s for packet id %u\n", mqw_packet_name(ack->type),
                    ack->packet_id);
        return 0;
    }
    if (ack->code)
        fprintf(stderr, "message %ld: %s %s (0x%02X)\n", s->index, mqw_packet_name(ack->type),
                mqw_reason_string(ack->code), ack->code);
    /* 0x80 and above refuse the message: it is acknowledged and must not be
     * resent [MQTT-4.4.0-2]; PUBREC with such a code ends the flow. */
    if (ack->code >= 0x80 && ack->type != MQW_PUBCOMP)
        p->refused++;
    if (ack->type == MQW_PUBREC && ack->code < 0x80) {
        s->awaiting = MQW_PUBCOMP;
        arm_retry(p, s);
        return send_pubrel(p, s->packet_id, false);
    }
    s->index = 0;
    p->used--;
    return 0;
}

/* Resend what waited too long; the time until the next resend is due. */
static long long resend_due(publisher *p)
{
    long long now = client_now_ms(), next = -1;
    for (unsigned k = 0; k < p->window && p->o->retry_ms; k++) {
        inflight *s = &p->slots[k];
        if (!s->index)
            continue;
        if (s->due_ms <= now) {
            int rc = s->awaiting == MQW_PUBCOMP ? send_pubrel(p, s->packet_id, true)
                                                : send_message(p, s->index, s->packet_id, true);
            if (rc)
                return -2;
            s->backoff_ms = s->backoff_ms * 2 > RETRY_MAX_MS ? RETRY_MAX_MS : s->backoff_ms * 2;
            s->due_ms = now + s->backoff_ms;
        }
        if (next < 0 || s->due_ms - now < next)
            next = s->due_ms - now;
    }
    return next;
}

/* The shorter of two waits in ms, where -1 means no limit. */
static long long min_wait(long long a, long long b)
{
    return a < 0 ? b : b < 0 ? a : a < b ? a : b;
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
    p->use_alias = o->topic_alias && c->server_alias_max >= TOPIC_ALIAS;
    if (o->topic_alias && !p->use_alias)
        fprintf(stderr, "the server takes no topic aliases: sending the topic\n");
    /* Receive Maximum: the server takes at most this many QoS 1/2 messages
     * unacknowledged at once. */
    p->window = o->c.inflight < c->server_receive_max ? o->c.inflight : c->server_receive_max;
    if (o->c.verbose && p->window < o->c.inflight)
        fprintf(stderr, "in flight: at most %u (server Receive Maximum)\n", p->window);
    p->slots = calloc(p->window, sizeof *p->slots);
    return p->slots ? 0 : -1;
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

    if (client_connect(&p.conn, &o.c, NULL, 0)) {
        client_abort(&p.conn);
        return EXIT_ERROR;
    }
    if (o.die_after_connect) {
        client_abort(&p.conn);
        return 0;
    }
    if (check_server_limits(&p)) {
        client_disconnect(&p.conn);
        return EXIT_ERROR;
    }

    long long give_up =
        o.c.timeout_s > 0 ? client_now_ms() + (long long)(o.c.timeout_s * 1000) : -1;
    long next = 1;
    while (next <= o.c.count || p.used) {
        while (next <= o.c.count && (o.c.qos == 0 || p.used < p.window))
            if (start_message(&p, next++))
                goto broken;
        if (!p.used)
            break;
        long long ping_in = client_keep_alive(&p.conn), resend_in = resend_due(&p);
        if (ping_in == -2 || resend_in == -2)
            goto broken;
        long long left = give_up < 0 ? -1 : give_up - client_now_ms();
        if (give_up >= 0 && left <= 0) {
            fprintf(stderr, "timed out with %u message(s) unacknowledged\n", p.used);
            client_disconnect(&p.conn);
            return EXIT_TIMEOUT;
        }
        mqw_packet pkt;
        int rc = client_read(&p.conn, &pkt, min_wait(min_wait(ping_in, resend_in), left));
        if (rc < 0)
            goto broken;
        if (rc == 0)
            continue;
        if (pkt.type >= MQW_PUBACK && pkt.type <= MQW_PUBCOMP && pkt.type != MQW_PUBREL) {
            if (handle_ack(&p, &pkt.u.ack))
                goto broken;
        } else {
            fprintf(stderr, "unexpected %s from the server\n", mqw_packet_name(pkt.type));
        }
    }
    if (o.c.verbose)
        fprintf(stderr, "%ld message(s) sent, %u at most in flight\n", o.c.count, p.peak);
    client_disconnect(&p.conn);
    return p.refused ? EXIT_ERROR : 0;

broken:
    client_abort(&p.conn);
    return EXIT_ERROR;
}
