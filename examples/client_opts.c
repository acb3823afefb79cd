/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/* The command-line options mqttwire-pub and mqttwire-sub share: see
 * client.h. */
#define _POSIX_C_SOURCE 200809L /* getpid */

#include "client.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

/* The options whose meaning is the same in both programs; each program lists
 * the others (-t, -q, --count, --timeout, --inflight, -v) in its own words. */
static const char usage_common[] =
    "connection:\n"
    "  -h HOST              server (127.0.0.1)\n"
    "  -p PORT              port (1883)\n"
    "  -V 3|4|5             MQTT 3.1, 3.1.1 or 5.0 (4)\n"
    "  -i ID                client identifier (<program>-<pid>)\n"
    "  -k SECONDS           keep-alive, 0 = off (60)\n"
    "  --will-topic TOPIC   a Will, published by the server if the connection\n"
    "                       ends without DISCONNECT\n"
    "  --will-payload TEXT  the Will's payload (empty)\n"
    "  --will-qos 0|1|2     the Will's QoS (0)\n"
    "  --will-retain        the Will is retained\n"
    "  -c                   keep the session: Clean Session 0 (5.0: Clean Start 0\n"
    "                       and a Session Expiry Interval of an hour)\n"
    "  --drop-after TYPE    for tests: right after the first packet of TYPE\n"
    "                       (publish, pubrec, pubrel, ...) sent or received,\n"
    "                       close the connection without DISCONNECT and connect\n"
    "                       again\n"
    "  --help               print this text and exit\n";

void client_usage_exit(const client_opts *o, int status)
{
    FILE *f = status == 0 ? stdout : stderr;
    fprintf(f, "%s%s", o->usage, usage_common);
    exit(status);
}

void client_usage_error(const client_opts *o, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "%s: ", o->name);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    client_usage_exit(o, EXIT_USAGE);
}

bool client_parse_ulong(const char *s, unsigned long min, unsigned long max, unsigned long *out)
{
    char *end;
    errno = 0;
    unsigned long v = strtoul(s, &end, 10);
    if (errno || end == s || *end || *s == '-' || v < min || v > max)
        return false;
    *out = v;
    return true;
}

void client_opts_init(client_opts *o, const char *name, const char *usage)
{
    /* 3.1 allows client ids of 1 to 23 characters: "mqttwire-sub-" + pid. */
    static char id[32];
    snprintf(id, sizeof id, "%s-%ld", name, (long)getpid());
    memset(o, 0, sizeof *o);
    o->host = "127.0.0.1";
    o->port = "1883";
    o->client_id = id;
    o->version = MQW_V311;
    o->keep_alive = 60;
    o->inflight = 10;
    o->name = name;
    o->usage = usage;
}

const char *client_opts_value(const client_opts *o, int argc, char **argv, int *i)
{
    if (*i + 1 >= argc)
        client_usage_error(o, "missing value after %s", argv[*i]);
    return argv[++*i];
}

int client_opts_parse(client_opts *o, int argc, char **argv, int *i)
{
    const char *opt = argv[*i], *val = NULL;
    unsigned long n = 0;
    bool ok = true;
    /* The option's value: steps past it, or stops with a usage error. */
#define TAKE_VALUE() (val = client_opts_value(o, argc, argv, i))
    if (!strcmp(opt, "--help")) {
        client_usage_exit(o, 0);
    } else if (!strcmp(opt, "-v")) {
        o->verbose = true;
    } else if (!strcmp(opt, "--will-retain")) {
        o->will_retain = true;
    } else if (!strcmp(opt, "-c")) {
        o->keep_session = true;
    } else if (!strcmp(opt, "-h")) {
        o->host = TAKE_VALUE();
    } else if (!strcmp(opt, "-p")) {
        o->port = TAKE_VALUE();
    } else if (!strcmp(opt, "-V")) {
        ok = client_parse_ulong(TAKE_VALUE(), MQW_V31, MQW_V5, &n);
        o->version = (int)n;
    } else if (!strcmp(opt, "-i")) {
        o->client_id = TAKE_VALUE();
    } else if (!strcmp(opt, "-k")) {
        ok = client_parse_ulong(TAKE_VALUE(), 0, 65535, &n);
        o->keep_alive = (unsigned)n;
    } else if (!strcmp(opt, "-t")) {
        ok = TAKE_VALUE() && o->n_topics < CLIENT_MAX_TOPICS;
        if (ok)
            o->topics[o->n_topics++] = val;
    } else if (!strcmp(opt, "-q")) {
        ok = client_parse_ulong(TAKE_VALUE(), 0, 2, &n);
        o->qos = (int)n;
    } else if (!strcmp(opt, "--count")) {
        ok = client_parse_ulong(TAKE_VALUE(), 1, 1000000000, &n);
        o->count = (long)n;
    } else if (!strcmp(opt, "--timeout")) {
        char *end;
        o->timeout_s = strtod(TAKE_VALUE(), &end);
        ok = end != val && !*end && o->timeout_s > 0;
    } else if (!strcmp(opt, "--inflight")) {
        ok = client_parse_ulong(TAKE_VALUE(), 1, 65535, &n);
        o->inflight = (unsigned)n;
    } else if (!strcmp(opt, "--will-topic")) {
        o->will_topic = TAKE_VALUE();
    } else if (!strcmp(opt, "--will-payload")) {
        o->will_payload = TAKE_VALUE();
    } else if (!strcmp(opt, "--will-qos")) {
        ok = client_parse_ulong(TAKE_VALUE(), 0, 2, &n);
        o->will_qos = (int)n;
    } else if (!strcmp(opt, "--drop-after")) {
        /* A packet type by name, in any case. */
        TAKE_VALUE();
        for (int type = MQW_CONNECT; type <= MQW_AUTH; type++)
            if (!strcasecmp(val, mqw_packet_name(type)))
                o->drop_after = type;
        ok = o->drop_after != 0;
    } else {
        return 0;
    }
#undef TAKE_VALUE
    if (!ok)
        client_usage_error(o, "bad value for %s: '%s'", opt, val);
    return 1;
}
