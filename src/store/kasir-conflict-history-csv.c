/* kasir-conflict-history-csv.c — the conflict history as CSV; declared in
 * kasir-conflict-repository.h.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "kasir-conflict-repository.h"

void
kasir_csv_append_cell (GString    *out,
                       const char *text)
{
  gboolean quote;

  if (text == NULL)
    text = "";
  quote = strpbrk (text, ",\"\r\n") != NULL;
  if (quote)
    g_string_append_c (out, '"');
  /* A leading = + - @ (or a tab or CR, which some spreadsheets skip first) would make
   * the cell a formula; an apostrophe keeps it text. */
  if (strchr ("=+-@\t\r", text[0]) != NULL && text[0] != '\0')
    g_string_append_c (out, '\'');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  if (quote)
    g_string_append_c (out, '"');
}

char *
kasir_conflict_repository_export_history_csv (KasirConflictRepository  *self,
                                              GError                  **error)
{
  g_autoptr(GString) out = g_string_new ("id,created_at,kind,status,entity,what,terminal_id,"
                                         "decision,note,resolved_by,resolved_at\r\n");
  g_autoptr(GPtrArray) history = NULL;

  g_return_val_if_fail (KASIR_IS_CONFLICT_REPOSITORY (self), NULL);

  history = kasir_conflict_repository_list_history (self, 0, G_MAXINT, error);
  if (history == NULL)
    return NULL;
  for (guint i = 0; i < history->len; i++)
    {
      KasirConflictEntry *e = history->pdata[i];
      const KasirConflict *c = e->conflict;
      g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, c->id);
      g_autofree char *terminal = g_strdup_printf ("%" G_GINT64_FORMAT, c->terminal_id);
      g_autofree char *by = NULL;
      const char *decision = e->resolved_decision != NULL ? e->resolved_decision : e->local_decision;
      const char *note = e->resolved_decision != NULL ? e->resolved_note : e->local_note;
      const char *at = e->resolved_at != NULL ? e->resolved_at : e->local_created_at;
      const char *cells[11];

      if (e->resolved_by_name != NULL)
        by = g_strdup (e->resolved_by_name);
      else if (e->resolved_staff_id > 0)
        by = g_strdup_printf ("%" G_GINT64_FORMAT, e->resolved_staff_id);
      else if (c->status == KASIR_CONFLICT_RESOLVED_BY_RULE)
        by = g_strdup ("rule");

      cells[0] = id;
      cells[1] = c->created_at;
      cells[2] = kasir_conflict_kind_to_string (c->kind);
      cells[3] = kasir_conflict_status_to_string (c->status);
      cells[4] = c->entity;
      cells[5] = e->what;
      cells[6] = terminal;
      cells[7] = decision;
      cells[8] = note;
      cells[9] = by;
      cells[10] = at;
      for (guint k = 0; k < G_N_ELEMENTS (cells); k++)
        {
          if (k > 0)
            g_string_append_c (out, ',');
          kasir_csv_append_cell (out, cells[k]);
        }
      g_string_append (out, "\r\n");
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}
