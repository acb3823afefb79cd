/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/*
 * The public header on its own under -std=c99 -Wpedantic -Werror (set by
 * tests/meson.build), and the version as the build sees it: meson reads the
 * MQW_VERSION_* lines of the header with a regular expression, the compiler
 * expands them; the two readings, and the library's mqw_version(), must
 * agree.
 */
#include "mqttwire.h"

#include <stdio.h>
#include <string.h>

int main(void)
{
    int failures = 0;

    if (strcmp(MQW_VERSION_STRING, MQW_TEST_PROJECT_VERSION) != 0) {
        printf("MQW_VERSION_STRING %s, meson.project_version() %s\n", MQW_VERSION_STRING,
               MQW_TEST_PROJECT_VERSION);
        failures++;
    }
    if (strcmp(mqw_version(), MQW_VERSION_STRING) != 0) {
        printf("mqw_version() %s, MQW_VERSION_STRING %s\n", mqw_version(), MQW_VERSION_STRING);
        failures++;
    }
    return failures ? 1 : 0;
}
