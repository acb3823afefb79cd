/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/*
 * Messages: one copy of what a client published (or of a Will), counted by
 * reference and shared by every delivery; and the PUBLISH a delivery
 * becomes, whose 5.0 properties are the publisher's, in their order, with
 * what belongs to one hop replaced (Message Expiry Interval, Topic Alias,
 * Subscription Identifiers).
 */
#include "broker.h"

#include <stdlib.h>
#include <string.h>

static mqw_bytes copy_into(uint8_t **at, mqw_bytes from)
{
    mqw_bytes to = {*at, from.len};
    if (from.len)
        memcpy(*at, from.ptr, from.len);
    *at += from.len;
    return to;
}

msg *msg_new(const mqw_publish *p, mqw_bytes topic, uint64_t origin, uint64_t now)
{
    msg *m = malloc(sizeof *m + topic.len + p->payload.len + p->props.raw.len);
    if (!m)
        return NULL;
    uint8_t *at = m->data;
    m->refs = 1;
    m->qos = p->qos;
    m->retain = p->retain;
    m->origin = origin;
    m->topic = copy_into(&at, topic);
    m->payload = copy_into(&at, p->payload);
    m->props = copy_into(&at, p->props.raw);
    mqw_property expiry;
    m->expires = 0;
    if (mqw_props_find(&p->props, MQW_PROP_MESSAGE_EXPIRY_INTERVAL, &expiry))
        m->expires = now + (uint64_t)expiry.v.num * 1000u + 1u; /* never 0 */
    return m;
}

msg *msg_ref(msg *m)
{
    m->refs++;
    return m;
}

void msg_unref(msg *m)
{
    if (m && --m->refs == 0)
        free(m);
}

bool msg_expired(const msg *m, uint64_t now)
{
    return m->expires && now >= m->expires;
}

delivery *delivery_new(msg *m, uint8_t qos, bool retain, size_t n_ids)
{
    delivery *d = malloc(sizeof *d + n_ids * sizeof d->ids[0]);
    if (!d)
        return NULL;
    d->next = NULL;
    d->m = msg_ref(m);
    d->qos = qos;
    d->retain = retain;
    d->n_ids = n_ids;
    return d;
}

void delivery_free(delivery *d)
{
    msg_unref(d->m);
    free(d);
}

/* Fill out's topic, payload, RETAIN and properties for a client of
 * `version`. The property list returned (NULL when there is none) is the
 * caller's to free once the packet is built. */
mqw_property *msg_publish(mqw_publish *out, const delivery *d, int version, uint64_t now,
                          uint16_t alias, mqw_bytes name)
{
    const msg *m = d->m;
    out->topic = name;
    out->payload = m->payload;
    out->retain = d->retain;
    memset(&out->props, 0, sizeof out->props);
    if (version != MQW_V5)
        return NULL;
    /* Room for every property received, the alias and the identifiers. */
    size_t cap = m->props.len / 2 + 1 + d->n_ids, n = 0;
    mqw_property *list = malloc(cap * sizeof *list);
    if (!list)
        return NULL;
    mqw_props block = {m->props, NULL, 0};
    mqw_iter it;
    mqw_property prop;
    mqw_props_iter(&it, &block);
    while (mqw_props_next(&it, &prop)) {
        if (prop.id == MQW_PROP_TOPIC_ALIAS || prop.id == MQW_PROP_WILL_DELAY_INTERVAL)
            continue; /* the publisher's hop only; a Will's own */
        if (prop.id == MQW_PROP_MESSAGE_EXPIRY_INTERVAL) {
            /* [MQTT-3.3.2-6]: the time left, not the time given. */
            uint64_t left = m->expires > now ? (m->expires - now + 999u) / 1000u : 0;
            prop.v.num = (uint32_t)left;
        }
        list[n++] = prop;
    }
    if (alias) {
        list[n].id = MQW_PROP_TOPIC_ALIAS;
        list[n++].v.num = alias;
    }
    for (size_t i = 0; i < d->n_ids; i++) {
        list[n].id = MQW_PROP_SUBSCRIPTION_IDENTIFIER;
        list[n++].v.num = d->ids[i];
    }
    out->props.list = list;
    out->props.n = n;
    return list;
}
