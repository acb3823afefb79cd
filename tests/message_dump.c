/* SPDX-License-Identifier: MIT
 * SPDX-FileCopyrightText: 2026 The mqttwire authors */
/*
 * The message of each argument on a line of its own, for
 * tests/check-rules.py, which compares them with docs/rules.md: a rule id
 * ("PUB-3") as a builder's refusal under that rule, "err:N" as error N
 * without a diag.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mqttwire.h"

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        mqw_diag diag = {0, argv[i], 0};
        bool is_error = strncmp(argv[i], "err:", 4) == 0;
        int err = is_error ? atoi(argv[i] + 4) : MQW_ERR_MALFORMED;
        char text[1024];
        if (mqw_diag_format(text, sizeof text, err, is_error ? NULL : &diag, MQW_DIAG_BUILD,
                            NULL) != MQW_OK)
            return 1;
        puts(text);
    }
    return fflush(stdout) == 0 ? 0 : 1;
}
