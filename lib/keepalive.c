/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/* Keep Alive of one connection (3.1.2.10 of 3.1.1 and 5.0): when a client
 * sends PINGREQ, when either side gives up on a silent peer. Time is the
 * caller's millisecond counter, compared modulo 2^32. */
#include "wire.h"

/* see mqttwire.h */
void mqw_keepalive_init(mqw_keepalive *ka, uint8_t role, uint16_t keep_alive, uint32_t now)
{
    ka->interval = (uint32_t)keep_alive * 1000u;
    ka->last_sent = ka->last_received = ka->ping_sent = now;
    ka->role = role;
    ka->ping_out = false;
}

/* see mqttwire.h */
void mqw_keepalive_sent(mqw_keepalive *ka, uint32_t now)
{
    ka->last_sent = now;
}

/* see mqttwire.h */
void mqw_keepalive_received(mqw_keepalive *ka, int type, uint32_t now)
{
    ka->last_received = now;
    if (type == MQW_PINGRESP)
        ka->ping_out = false;
}

/* see mqttwire.h */
int mqw_keepalive_check(mqw_keepalive *ka, uint32_t now, uint8_t *send, uint32_t *wait,
                        mqw_diag *diag)
{
    mqw_diag_clear(diag);
    if (send)
        *send = 0;
    if (wait)
        *wait = UINT32_MAX;
    if (!ka->interval)
        return MQW_OK;
    uint32_t limit, since;
    if (ka->role == MQW_ROLE_SERVER) {
        /* One and a half times the Keep Alive: [MQTT-3.1.2-24] of 3.1.1,
         * [MQTT-3.1.2-22] of 5.0. */
        limit = ka->interval + ka->interval / 2u;
        since = now - ka->last_received;
        if (since >= limit)
            return mqw_fail(diag, MQW_ERR_KEEP_ALIVE, 0, MQW_RULE("DL-13"));
    } else if (ka->ping_out) {
        limit = ka->interval;
        since = now - ka->ping_sent;
        if (since >= limit)
            return mqw_fail(diag, MQW_ERR_KEEP_ALIVE, 0, MQW_RULE("DL-14"));
    } else {
        /* [MQTT-3.1.2-23] of 3.1.1, [MQTT-3.1.2-20] of 5.0: never more
         * than the Keep Alive between two
         * packets the client sends. */
        limit = ka->interval;
        since = now - ka->last_sent;
        if (since >= limit) {
            if (send)
                *send = MQW_PINGREQ;
            ka->ping_out = true;
            ka->ping_sent = now;
            since = 0;
        }
    }
    if (wait)
        *wait = limit - since;
    return MQW_OK;
}
