/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/*
 * The public header on its own under -std=c99 -Wpedantic -Werror (set by
 * tests/meson.build), and the version macros against the build: the header,
 * the library and meson.project_version() must tell the same version.
 */
#include "mqttwire.h"

#include <stdio.h>
#include <string.h>

#define STR2(x) #x
#define STR(x) STR2(x)

int main(void)
{
    const char *composed =
        STR(MQW_VERSION_MAJOR) "." STR(MQW_VERSION_MINOR) "." STR(MQW_VERSION_PATCH);
    int failures = 0;

    if (strcmp(MQW_VERSION_STRING, MQW_TEST_PROJECT_VERSION) != 0) {
        printf("MQW_VERSION_STRING %s, meson.project_version() %s\n", MQW_VERSION_STRING,
               MQW_TEST_PROJECT_VERSION);
        failures++;
    }
    if (strcmp(composed, MQW_VERSION_STRING) != 0) {
        printf("MQW_VERSION_MAJOR.MINOR.PATCH %s, MQW_VERSION_STRING %s\n", composed,
               MQW_VERSION_STRING);
        failures++;
    }
    if (strcmp(mqw_version(), MQW_VERSION_STRING) != 0) {
        printf("mqw_version() %s, MQW_VERSION_STRING %s\n", mqw_version(), MQW_VERSION_STRING);
        failures++;
    }
    return failures ? 1 : 0;
}
