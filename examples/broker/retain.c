/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/*
 * Retained messages: the last message published with RETAIN on each topic
 * (an empty payload clears it), sent to each new subscription it matches.
 */
#include "broker.h"

#include <stdlib.h>
#include <string.h>

struct kept {
    struct kept *next;
    msg *m;
};

static bool same_topic(mqw_bytes a, mqw_bytes b)
{
    return a.len == b.len && memcmp(a.ptr, b.ptr, a.len) == 0;
}

/* Unlink *at from the list and free it. */
static void kept_drop(struct kept **at)
{
    struct kept *k = *at;
    *at = k->next;
    msg_unref(k->m);
    free(k);
}

void retain_store(broker *b, msg *m)
{
    for (struct kept **at = &b->retained; *at; at = &(*at)->next) {
        if (same_topic((*at)->m->topic, m->topic)) {
            kept_drop(at);
            break;
        }
    }
    /* [MQTT-3.3.1-10], [MQTT-3.3.1-11]: an empty payload only clears. */
    if (m->payload.len == 0)
        return;
    struct kept *k = malloc(sizeof *k);
    if (!k)
        return;
    k->m = msg_ref(m);
    k->next = b->retained;
    b->retained = k;
}

void retain_send(broker *b, session *s, const sub *u)
{
    struct kept **at = &b->retained;
    while (*at) {
        msg *m = (*at)->m;
        if (msg_expired(m, b->now)) { /* [MQTT-3.3.2-5] */
            kept_drop(at);
            continue;
        }
        at = &(*at)->next;
        if (!mqw_topic_matches(u->match, m->topic))
            continue;
        /* RETAIN 1 on a message sent for a new subscription
         * ([MQTT-3.3.1-8] 3.1.1, 5.0 §3.3.1.3). */
        delivery *d = delivery_new(m, m->qos < u->qos ? m->qos : u->qos, true, u->id ? 1 : 0);
        if (!d)
            return;
        if (u->id)
            d->ids[0] = u->id;
        session_deliver(s, d);
    }
}

void retain_free(broker *b)
{
    while (b->retained)
        kept_drop(&b->retained);
}
