/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/*
 * What mqttwire-pub and mqttwire-sub share: the command-line options both
 * take (client_opts.c), and the connection (client.c): TCP, the CONNECT /
 * CONNACK handshake, reconnecting, the stream reader, the acks, the
 * timers, printing what the server sent. The delivery rules (Packet
 * Identifiers, the QoS flows, the window, resends, Keep Alive, Topic
 * Alias) are mqttwire's session functions over state kept here; the
 * sockets and the clock are the application's.
 */
#ifndef CLIENT_H
#define CLIENT_H

#include <stdio.h>

#include "mqttwire.h"

/* The largest packet the reader accepts, and so the Maximum Packet Size a
 * 5.0 client announces: room for the 1 MiB payloads the tests send. */
#define CLIENT_MAX_PACKET (4u << 20)
/* Room for everything sent but a PUBLISH payload (sent from its buffer). */
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
    const char *host, *port, *client_id;
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
    bool keep_session; /* -c */
    int drop_after;    /* --drop-after: a packet type, 0 = never */
} client_opts;

/* Defaults; `name` makes the client id "<name>-<pid>" and heads messages,
 * `usage` is the program's own part of its usage text. */
void client_opts_init(client_opts *o, const char *name, const char *usage);
/* If argv[*i] is one of the options above, store it, step *i past its value
 * and return 1; return 0 for an option that is not common. --help prints
 * the usage and exits 0; a missing or bad value exits with EXIT_USAGE. */
int client_opts_parse(client_opts *o, int argc, char **argv, int *i);
/* "<name>: " and the message on stderr, then the usage; exits EXIT_USAGE. */
void client_usage_error(const client_opts *o, const char *fmt, ...) CLIENT_PRINTF(2, 3);
/* The value after the option argv[*i]: steps *i past it (or a usage error). */
const char *client_opts_value(const client_opts *o, int argc, char **argv, int *i);
/* Parse "N" (decimal) into *out if it lies in [min, max]. */
bool client_parse_ulong(const char *s, unsigned long min, unsigned long max, unsigned long *out);

typedef struct client {
    int fd;
    const client_opts *o;
    /* The program's 5.0 CONNECT properties, sent on every connection. */
    const mqw_property *props;
    size_t n_props;
    /* The delivery rules: the program sets the session up before
     * client_connect and points alias_out / alias_in at its tables (or
     * leaves them NULL); every connection starts them on its CONNACK. */
    mqw_session session;
    mqw_keepalive keep_alive;
    mqw_alias *alias_out, *alias_in;
    mqw_link link;
    /* What the CONNACK allows beyond the link (5.0 defaults if absent). */
    unsigned server_max_qos;
    bool server_retain;
    /* Builders: the server's Maximum Packet Size, trimming what may go to
     * fit it; parsers: our buffer size, and we are the client (C-17). */
    mqw_limits out_lim, in_lim;
    /* The stream reader: in[0 .. in_have) holds bytes read and not yet
     * consumed; the first in_used of them are the packet last returned. */
    uint8_t *in, *out;
    size_t in_have, in_used;
    /* --drop-after: drop the connection now (what is sent until then is
     * lost with it), and whether that was done once. */
    bool drop_now, dropped;
} client;

/* What client_receive returns besides a packet. */
enum { CLIENT_BROKEN = -1, CLIENT_NOTHING = 0, CLIENT_PACKET = 1, CLIENT_RECONNECTED = 2 };

/* The clock: milliseconds (the session takes it truncated to 32 bits). */
long long client_now_ms(void);
/* The shorter of two waits in ms, where -1 means no limit. */
long long client_min_wait(long long a, long long b);
/* Open the TCP connection, send CONNECT with `props` (5.0, up to 8; the
 * Maximum Packet Size, the Topic Alias Maximum of alias_in and with -c
 * the Session Expiry Interval are added), wait for CONNACK and start the
 * session, Keep Alive and alias tables on it. 0 when accepted; -1 after
 * printing why not. */
int client_connect(client *c, const client_opts *o, const mqw_property *props, size_t n_props);
/* Build and send any packet but PUBLISH; 0 or -1 after a message. */
int client_send(client *c, const mqw_packet *pkt);
/* Send the ack an action asks for (PUBACK .. PUBCOMP); 0 if it asks none. */
int client_send_ack(client *c, const mqw_action *act);
/* Send a PUBLISH: its header built here, the payload straight from the
 * caller's buffer (one sendmsg, no copy). 0 or -1 after a message. */
int client_send_publish(client *c, const mqw_publish *pub);
/* Wait at most `wait_ms` (-1: for ever) for the next packet and give it
 * to the session, which says what it means in *act; the ack it asks for
 * is sent, and a PUBLISH's Topic Name is resolved through alias_in.
 * CLIENT_PACKET with the packet in *pkt (its views valid until the next
 * call); CLIENT_NOTHING when the wait ends first; CLIENT_RECONNECTED after
 * --drop-after dropped the connection and a new one is up (its resends
 * come from mqw_session_next); CLIENT_BROKEN when the connection ends or
 * breaks (after a message; what broke the rules is answered with a 5.0
 * DISCONNECT). */
int client_receive(client *c, mqw_packet *pkt, mqw_action *act, long long wait_ms);
/* Keep Alive (a PINGREQ when due) and the 3.x resend timer (what is due
 * comes from mqw_session_next): the longest the caller may wait before
 * calling again (-1: no limit), or -2 when the server is gone or a flow
 * ran out of resends. */
long long client_timers(client *c);
/* DISCONNECT (normal), then close. */
void client_disconnect(client *c);
/* Close without DISCONNECT: the server publishes the Will. */
void client_abort(client *c);
/* Print a property block, one "<indent>Name: value" line per property. */
void client_print_props(FILE *f, const mqw_props *props, const char *indent);

#endif /* CLIENT_H */
