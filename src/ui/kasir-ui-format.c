/* kasir-ui-format.c — see the header.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kasir-ui-format.h"

char *
kasir_ui_format_time (const char *rfc3339)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (rfc3339 == NULL)
    return g_strdup ("");
  utc = g_date_time_new_from_iso8601 (rfc3339, NULL);
  if (utc == NULL)
    return g_strdup (rfc3339);
  local = g_date_time_to_local (utc);
  /* Translators: a date and time as the till shows it (receipts, history, held sales),
   * in g_date_time_format()'s notation: %d day, %m month, %Y year, %H:%M the time. Write
   * it as your country writes dates, such as "%d/%m/%Y %H:%M". */
  /* xgettext:no-c-format */
  return g_date_time_format (local, _("%Y-%m-%d %H:%M"));
}

char *
kasir_ui_format_day (GDateTime *day)
{
  g_return_val_if_fail (day != NULL, NULL);

  /* Translators: a day as the till shows it (report titles), in g_date_time_format()'s
   * notation: %d day, %m month, %Y year. Write it as your country writes dates, such as
   * "%d/%m/%Y". */
  /* xgettext:no-c-format */
  return g_date_time_format (day, _("%Y-%m-%d"));
}
