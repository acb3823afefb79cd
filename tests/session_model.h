/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/*
 * A model of the delivery rules (tests/session_model.c) shared by the
 * model-based test and the fuzz harness. It checks:
 *  - no Packet Identifier is in use twice by one sender [MQTT-2.3.1-2];
 *  - a QoS 2 message is delivered at most once, and exactly once when its
 *    flow ended acknowledged; a QoS 1 message at least once then; a QoS 0
 *    message at most once; on 5.0 a receiver may refuse messages
 *    (mqw_session_refuse): exactly those end refused, with its code, and
 *    are never delivered;
 *  - on each connection the PUBLISHes a sender sends for the first time
 *    there follow the order the messages were published ([MQTT-4.6.0-1]),
 *    every PUBLISH gets its PUBACK / PUBREC in the same turn, so in the
 *    order the PUBLISHes came ([MQTT-4.6.0-2], [MQTT-4.6.0-3]), and the
 *    PUBRELs a sender sends for the first time there follow the order the
 *    PUBRECs came in ([MQTT-4.6.0-4]);
 *  - nothing is sent past the window: a PUBLISH goes out only while fewer
 *    than the peer's Receive Maximum PUBLISHes of this connection are
 *    unacknowledged ([MQTT-4.9.0-2]; a new connection starts with a full
 *    quota, 5.0 4.9), and the receiver, which checks it too (DL-8), never
 *    objects;
 *  - no event between two correct sessions is a violation; a forged ack
 *    for an identifier not in flight (also one of a flow whose session was
 *    not kept, not yet reported lost) is DL-1 (or ignored, as the answer
 *    to a 3.x duplicate) and changes nothing, and so does a second 5.0
 *    PUBREC for a flow whose PUBREL went out (DL-3);
 *  - a done action carries the flow's QoS; a PUBREL's action says (result
 *    0x92) whether it released an identifier held;
 *  - mqw_session_flows, _inflight and _held agree with the model's counts
 *    of identifiers in use, PUBLISHes in the window and identifiers held;
 *  - after model_settle (the connection back with the session), every flow
 *    has ended.
 * One model runs at a time (its state is static).
 */
#ifndef MQW_TEST_SESSION_MODEL_H
#define MQW_TEST_SESSION_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "mqttwire.h"

/* Events of model_step. */
enum {
    MODEL_PUBLISH_CLIENT, /* arg % 3: the QoS */
    MODEL_PUBLISH_SERVER,
    MODEL_SUBSCRIBE,     /* the client, 1 to 3 entries */
    MODEL_ARRIVE_CLIENT, /* the next packet reaches the client (else the server) */
    MODEL_ARRIVE_SERVER, /* the next packet reaches the server (else the client) */
    MODEL_TICK,          /* (arg & 63) x 320 ms pass */
    MODEL_CONNECTION,    /* the connection is lost with what was on the wire */
    MODEL_FORGE,         /* a forged ack for an identifier not in flight (arg: which) */
    MODEL_EVENTS
};
/* Offline, the arrive and connection events reconnect instead, with the
 * session unless arg % 5 == 0. After every event with arg >> 6 non-zero
 * both sides drain mqw_session_next. */

typedef struct model_counts {
    unsigned long steps, deliveries, resends, reconnects_kept, reconnects_fresh, forged;
    unsigned long forged_lost;   /* of them, for a flow of a session not kept */
    unsigned long forged_pubrec; /* of them, a second 5.0 PUBREC (DL-3) */
    unsigned long refused;       /* messages refused by a receiver (5.0) */
} model_counts;
extern model_counts model_stats;

/* The driver's: report a broken promise (printf format) and not return. */
void model_fail(const char *fmt, ...);

/* A new run: cfg[0] version, cfg[1] both sides' slots, cfg[2] both
 * Receive Maximums (5.0), cfg[3] bits 0-1 the QoS 2 methods, bit 2 the
 * 3.x live resend and bit 3 refusals (5.0), cfg[4..7] the starting time.
 * Connects with a session. */
void model_begin(const uint8_t cfg[8]);
void model_step(uint8_t ev, uint8_t arg);
/* Reconnect if needed, deliver everything, check that every flow ended. */
void model_settle(void);

#endif /* MQW_TEST_SESSION_MODEL_H */
