/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/*
 * What mqttwire-pub and mqttwire-sub share: the command-line options both
 * take (client_opts.c), the TCP connection with its CONNECT / CONNACK
 * handshake, the stream reader (read, frame, parse, shift) and keep-alive
 * (client.c), and printing what the server sent (client_print.c). mqttwire
 * itself does no I/O and keeps no state; all of that lives here, in the
 * application.
 */
#ifndef CLIENT_H
#define CLIENT_H

#include <stdio.h>

#include "mqttwire.h"

/* The largest packet the reader accepts, and so the Maximum Packet Size a
 * 5.0 client announces: room for the 1 MiB payloads the tests send. */
#define CLIENT_MAX_PACKET (4u << 20)
/* Room for everything sent except a PUBLISH payload (sent from the
 * caller's buffer): CONNECT with its Will, SUBSCRIBE, PUBLISH headers. */
#define CLIENT_OUT_CAP (1u << 18)
#define CLIENT_MAX_TOPICS 16

#if defined(__GNUC__)
#define CLIENT_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define CLIENT_PRINTF(fmt, args)
#endif

/* Exit statuses of both programs. */
enum { EXIT_ERROR = 1, EXIT_USAGE = 2, EXIT_TIMEOUT = 3 };

typedef struct client_opts {
    const char *name;  /* the program, for messages */
    const char *usage; /* its own usage lines, printed before the common ones */
    const char *host;
    const char *port;
    const char *client_id;
    int version;                           /* -V 3|4|5 */
    unsigned keep_alive;                   /* -k seconds, 0 = off */
    const char *topics[CLIENT_MAX_TOPICS]; /* -t; the publisher uses topics[0] */
    size_t n_topics;
    int qos;           /* -q */
    long count;        /* --count */
    double timeout_s;  /* --timeout, 0 = wait for ever */
    unsigned inflight; /* --inflight */
    bool verbose;      /* -v */
    const char *will_topic, *will_payload;
    int will_qos;
    bool will_retain;
} client_opts;

/* Defaults; `name` makes the client id "<name>-<pid>" and heads messages,
 * `usage` is the program's own part of its usage text. */
void client_opts_init(client_opts *o, const char *name, const char *usage);
/* If argv[*i] is one of the options above, store it, step *i past its value
 * and return 1; return 0 for an option that is not common. --help prints
 * the usage and exits 0; a missing or bad value prints a message and the
 * usage and exits with EXIT_USAGE. */
int client_opts_parse(client_opts *o, int argc, char **argv, int *i);
/* Print the usage (the program's lines, then the common options) and exit
 * with `status`: on stdout when it is 0 (--help), else on stderr. */
void client_usage_exit(const client_opts *o, int status);
/* "<name>: " and the printf-style message on stderr, then the usage;
 * exits with EXIT_USAGE. */
void client_usage_error(const client_opts *o, const char *fmt, ...) CLIENT_PRINTF(2, 3);

/* Parse "N" (decimal) into *out if it lies in [min, max]. */
bool client_parse_ulong(const char *s, unsigned long min, unsigned long max, unsigned long *out);

typedef struct client {
    int fd;
    int version;
    bool verbose;
    unsigned keep_alive; /* seconds; the server may override it (5.0) */
    long long last_send_ms;
    long long ping_sent_ms; /* 0 = no PINGREQ outstanding */

    /* What the server's CONNACK allows; the 5.0 defaults when absent. */
    unsigned server_receive_max;
    unsigned server_alias_max;
    unsigned server_max_qos;
    bool server_retain;
    /* Builders: the server's Maximum Packet Size, and leave out what the
     * specification lets a sender drop (Reason String, User Properties)
     * rather than exceed it. */
    mqw_limits out_lim;
    /* Parsers: our buffer size, and we are the client (C-17). */
    mqw_limits in_lim;

    /* The stream reader: in[0 .. in_have) holds bytes read and not yet
     * consumed; the first in_used of them are the packet last returned. */
    uint8_t *in;
    size_t in_have;
    size_t in_used;
    uint8_t *out;
} client;

/* Open the TCP connection, send CONNECT with `props` (5.0, up to 8; the
 * Maximum Packet Size is added), wait for CONNACK. 0 when accepted; -1
 * after printing why not. */
int client_connect(client *c, const client_opts *o, const mqw_property *props, size_t n_props);
/* Build and send any packet but PUBLISH; 0 or -1 after a message. */
int client_send(client *c, const mqw_packet *pkt);
/* Send a PUBLISH: the header built here, the payload straight from the
 * caller's buffer (one sendmsg, no copy). 0 or -1 after a message. */
int client_send_publish(client *c, const mqw_publish *pub);
/* The next packet from the server into *pkt, waiting at most `wait_ms`
 * (-1: for ever). Answers keep-alive itself. Returns 1 with a packet (its
 * views are valid until the next call), 0 when the wait ends first, -1 when
 * the connection ends or breaks (after a message; a 5.0 DISCONNECT prints
 * its reason). */
int client_read(client *c, mqw_packet *pkt, long long wait_ms);
/* Send PINGREQ when the connection has been idle for the keep-alive. The
 * longest the caller may wait before calling again (-1: no limit), or -2
 * when the server did not answer a PINGREQ in time. */
long long client_keep_alive(client *c);
/* DISCONNECT (normal), then close. */
void client_disconnect(client *c);
/* Close without DISCONNECT: the server publishes the Will. */
void client_abort(client *c);

/* Send a 5.0 DISCONNECT with `code`, print it and close. */
void client_protocol_error(client *c, uint8_t code, const char *why);

long long client_now_ms(void);
/* Print a property block, one "<indent>Name: value" line per property. */
void client_print_props(FILE *f, const mqw_props *props, const char *indent);
/* Name of a CONNACK code: 3.x return code or 5.0 reason code. */
const char *client_connack_name(int version, uint8_t code);

#endif /* CLIENT_H */
