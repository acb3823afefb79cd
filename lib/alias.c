/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/* MQTT 5.0 Topic Alias (§3.3.2.3.4), one direction of one connection:
 * the aliases we choose for what we send, and the mappings the peer sets
 * for what we receive. Topic Names live in the caller's pool, one equal
 * share per alias. */
#include "wire.h"

/* A hash of the whole Topic Name, eight bytes at a time: topics that share
 * their first and last bytes (sensors/7/temp, sensors/8/temp) must not
 * share a slot. */
static uint32_t alias_hash(mqw_bytes t)
{
    uint64_t h = 0x9E3779B97F4A7C15u ^ t.len;
    size_t i = 0;
    for (; i + 8 <= t.len; i += 8) {
        uint64_t w;
        memcpy(&w, t.ptr + i, 8);
        h = (h ^ w) * 0xFF51AFD7ED558CCDu;
    }
    uint64_t w = 0;
    for (size_t k = 0; i + k < t.len; k++)
        w |= (uint64_t)t.ptr[i + k] << (8u * k);
    h = (h ^ w) * 0xC4CEB9FE1A85EC53u;
    return (uint32_t)(h >> 32);
}

static uint8_t *alias_topic(const mqw_alias *a, uint32_t i)
{
    return a->pool + (size_t)i * a->topic_cap;
}

/* see mqttwire.h */
int mqw_alias_init(mqw_alias *a, mqw_alias_slot *slots, uint16_t n, uint8_t *pool, size_t pool_len)
{
    if (!a || !slots || n == 0 || (!pool && pool_len) || pool_len / n == 0)
        return MQW_ERR_ARG;
    size_t cap = pool_len / n;
    a->slots = slots;
    a->pool = pool;
    a->topic_cap = cap > MQW_STRING_MAX ? MQW_STRING_MAX : (uint32_t)cap;
    a->n = n;
    mqw_alias_reset(a, 0);
    return MQW_OK;
}

/* see mqttwire.h */
uint16_t mqw_alias_reset(mqw_alias *a, uint16_t max)
{
    a->max = max < a->n ? max : a->n;
    for (uint16_t i = 0; i < a->n; i++) {
        a->slots[i].len = 0;
        a->slots[i].hash = 0;
    }
    return a->max;
}

/* see mqttwire.h */
void mqw_alias_send(mqw_alias *a, mqw_bytes topic, uint16_t *alias, mqw_bytes *name)
{
    *alias = 0;
    *name = topic;
    if (!a->max || topic.len == 0 || topic.len > a->topic_cap)
        return;
    uint32_t h = alias_hash(topic);
    /* The one slot this topic may use: h scaled to 0..max-1. */
    uint32_t i = (uint32_t)(((uint64_t)h * a->max) >> 32);
    mqw_alias_slot *slot = &a->slots[i];
    uint8_t *kept = alias_topic(a, i);
    *alias = (uint16_t)(i + 1u);
    if (slot->len == topic.len && slot->hash == h && memcmp(kept, topic.ptr, topic.len) == 0) {
        name->ptr = NULL;
        name->len = 0;
        return;
    }
    memcpy(kept, topic.ptr, topic.len);
    slot->len = (uint16_t)topic.len;
    slot->hash = h;
}

/* see mqttwire.h */
void mqw_alias_forget(mqw_alias *a, uint16_t alias)
{
    if (alias >= 1 && alias <= a->max)
        a->slots[alias - 1u].len = 0;
}

/* see mqttwire.h */
int mqw_alias_receive(mqw_alias *a, const mqw_publish *pub, mqw_bytes *topic, mqw_diag *diag)
{
    mqw_diag_clear(diag);
    *topic = pub->topic;
    mqw_property p;
    if (!mqw_props_find(&pub->props, MQW_PROP_TOPIC_ALIAS, &p))
        return MQW_OK;
    /* [MQTT-3.3.2-9] (a client's), [MQTT-3.3.2-11] (a server's): at most
     * the Topic Alias Maximum we announced. */
    if (p.v.num == 0 || p.v.num > a->max)
        return mqw_fail(diag, MQW_ERR_TOPIC_ALIAS, 0, MQW_RULE("DL-11"));
    uint32_t i = p.v.num - 1u;
    mqw_alias_slot *slot = &a->slots[i];
    uint8_t *kept = alias_topic(a, i);
    if (pub->topic.len) {
        /* Our own limit, not the specification's: the caller sized the
         * pool (mqttwire.h, mqw_alias_init). */
        if (pub->topic.len > a->topic_cap)
            return mqw_fail(diag, MQW_ERR_QUOTA, 0, MQW_RULE("DL-12"));
        memcpy(kept, pub->topic.ptr, pub->topic.len);
        slot->len = (uint16_t)pub->topic.len;
        return MQW_OK;
    }
    /* An empty Topic Name uses the mapping, which must exist. */
    if (!slot->len)
        return mqw_fail(diag, MQW_ERR_ALIAS_UNKNOWN, 0, MQW_RULE("DL-10"));
    topic->ptr = kept;
    topic->len = slot->len;
    return MQW_OK;
}
