/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/*
 * Event scripts for the delivery-rule suites: one line per event, with the
 * action expected after "=>", run against an mqw_session.
 *
 *   connect v311|v31|v5 [sp] [rm=N]     mqw_session_connected
 *   drop                                mqw_session_disconnected
 *   publish qN cK                       mqw_session_publish
 *   subscribe nN cK / unsubscribe nN cK
 *   recv PUBACK|PUBREC|PUBREL|PUBCOMP ID [code=X]
 *   recv PUBLISH qN ID [dup]            (QoS 0: ID is ignored)
 *   recv SUBACK|UNSUBACK ID n=K         (K codes)
 *   recv PINGRESP
 *   refuse code=X                       mqw_session_refuse on the last action
 *   state => flows=N inflight=N held=N  mqw_session_flows, _inflight, _held
 *   next                                mqw_session_next ("none": false)
 *   tick                                mqw_session_tick (wait=W checks *wait)
 * Any event may carry t=T: the time from then on (ms, default 0).
 *
 * Expected: "none" (MQW_OK and an all-zero action), "error NAME [RULE]"
 * (NAME without MQW_ERR_), or the action's non-zero fields: send TYPE, qN,
 * idN, dup, code=X, deliver NOW|STORE|STORED, slot=N, done
 * ACKED|REFUSED|LOST, req TYPE, result=X, cK; for tick, wait=W.
 */
#ifndef MQW_TEST_SESSION_SCRIPT_H
#define MQW_TEST_SESSION_SCRIPT_H

#include "mqttwire.h"

typedef struct script_env {
    mqw_session s;
    mqw_action last; /* the action of the last event, for refuse */
    uint32_t now;
    unsigned steps; /* events run, for the suites' counts */
} script_env;

/* Run one line; fails the test (naming `what` and the line) on a mismatch. */
void script_step(script_env *env, const char *what, const char *line);

/* Run NULL-terminated lines. */
void script_run(script_env *env, const char *what, const char *const *lines);

#endif /* MQW_TEST_SESSION_SCRIPT_H */
