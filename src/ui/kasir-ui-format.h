/* kasir-ui-format.h — times and the till's currency as the manager's windows show them.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* An RFC 3339 time as local "YYYY-MM-DD HH:MM"; the text itself when it is not one. */
char *kasir_ui_format_time (const char *rfc3339);

/* The till's currency code from the settings ("IDR" when unknown); free with g_free.
 * A part that has the till's context reads kasir_till_context_get_currency() instead. */
char *kasir_ui_currency    (void);

G_END_DECLS
