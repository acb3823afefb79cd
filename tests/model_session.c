/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/*
 * Model-based test of lib/session.c: random event sequences from fixed
 * seeds run against the model of tests/session_model.h (what it checks is
 * listed there). The suite asserts how many steps ran.
 */
#include <check.h>
#include <stdarg.h>
#include <stdio.h>

#include "session_model.h"

void model_fail(const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    ck_abort_msg("%s", msg);
}

static uint64_t rng;

static uint32_t rnd(uint32_t n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng % n);
}

#define SEEDS 64
#define STEPS 20000

START_TEST(model_seed)
{
    rng = (uint64_t)(_i + 1) * 0x9E3779B97F4A7C15u + 1;
    uint8_t cfg[8];
    for (int i = 0; i < 8; i++)
        cfg[i] = (uint8_t)rnd(256);
    model_begin(cfg);
    for (unsigned i = 0; i < STEPS; i++) {
        /* Packets arriving half the time; the connection lost rarely. */
        uint32_t r = rnd(100);
        uint8_t ev = r < 18   ? MODEL_PUBLISH_CLIENT
                     : r < 30 ? MODEL_PUBLISH_SERVER
                     : r < 33 ? MODEL_SUBSCRIBE
                     : r < 60 ? MODEL_ARRIVE_CLIENT
                     : r < 88 ? MODEL_ARRIVE_SERVER
                     : r < 94 ? MODEL_TICK
                     : r < 96 ? MODEL_FORGE
                              : MODEL_CONNECTION;
        model_step(ev, (uint8_t)rnd(256));
    }
    model_settle();
}
END_TEST

int main(void)
{
    Suite *s = suite_create("session-model");
    TCase *tc = tcase_create("model");
    tcase_set_timeout(tc, 60);
    tcase_add_loop_test(tc, model_seed, 0, SEEDS);
    suite_add_tcase(s, tc);
    SRunner *sr = srunner_create(s);
    srunner_set_fork_status(sr, CK_NOFORK);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    printf("model steps %lu (of %u), deliveries %lu, resends with DUP %lu, reconnects %lu kept "
           "and %lu fresh, forged acks %lu (%lu of flows lost, %lu second PUBRECs), refused %lu\n",
           model_stats.steps, SEEDS * STEPS, model_stats.deliveries, model_stats.resends,
           model_stats.reconnects_kept, model_stats.reconnects_fresh, model_stats.forged,
           model_stats.forged_lost, model_stats.forged_pubrec, model_stats.refused);
    /* A run that stopped early tested less than it says. */
    if (!failed && model_stats.steps != (unsigned long)SEEDS * STEPS)
        failed = 1;
    return failed ? 1 : 0;
}
