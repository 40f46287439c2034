/* kasir-server-merge.c — the three-way merge of concurrent edits.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kasir-server-merge.h"

void
kasir_server_three_way (JsonObject *fields,
                        JsonObject *server,
                        JsonObject *base,
                        JsonObject *apply,
                        JsonObject *c_base,
                        JsonObject *c_terminal,
                        JsonObject *c_server)
{
  g_autoptr(GList) names = NULL;

  g_return_if_fail (fields != NULL && server != NULL && apply != NULL);
  g_return_if_fail (c_base != NULL && c_terminal != NULL && c_server != NULL);

  names = json_object_get_members (fields);
  for (GList *l = names; l != NULL; l = l->next)
    {
      const char *name = l->data;
      JsonNode *t = json_object_get_member (fields, name);
      JsonNode *s = json_object_get_member (server, name);
      JsonNode *b = base ? json_object_get_member (base, name) : NULL;

      if (s != NULL && json_node_equal (t, s))
        continue;
      if (s == NULL || (b != NULL && json_node_equal (b, s)))
        {
          json_object_set_member (apply, name, json_node_copy (t));
          continue;
        }
      json_object_set_member (c_terminal, name, json_node_copy (t));
      json_object_set_member (c_server, name, json_node_copy (s));
      if (b != NULL)
        json_object_set_member (c_base, name, json_node_copy (b));
      else
        json_object_set_null_member (c_base, name);
    }
}

static gboolean
apply_field (const KasirMergeField  *f,
             JsonNode               *n,
             guint8                 *record,
             char                  **reason)
{
  gboolean null = JSON_NODE_HOLDS_NULL (n);
  gpointer at = record + f->offset;

  switch (f->type)
    {
    case KASIR_MERGE_NAME:
    case KASIR_MERGE_TEXT:
      {
        const char *v = null ? NULL : json_node_get_string (n);

        if (f->type == KASIR_MERGE_NAME && (v == NULL || *v == '\0'))
          {
            *reason = g_strdup_printf ("%s must not be empty", f->name);
            return FALSE;
          }
        g_free (*(char **) at);
        *(char **) at = g_strdup (v);
        return TRUE;
      }
    case KASIR_MERGE_AMOUNT:
      if (null || json_node_get_int (n) < 0)
        {
          *reason = g_strdup_printf ("negative %s", f->name);
          return FALSE;
        }
      *(gint64 *) at = json_node_get_int (n);
      return TRUE;
    case KASIR_MERGE_RATE_BP:
      if (null || json_node_get_int (n) < 0 || json_node_get_int (n) > 10000)
        {
          *reason = g_strdup_printf ("%s outside 0..10000", f->name);
          return FALSE;
        }
      *(guint *) at = (guint) json_node_get_int (n);
      return TRUE;
    case KASIR_MERGE_REF:
      *(gint64 *) at = null ? 0 : json_node_get_int (n);
      return TRUE;
    case KASIR_MERGE_FLAG:
      *(gboolean *) at = !null && json_node_get_boolean (n);
      return TRUE;
    case KASIR_MERGE_LEVEL:
      if (null || json_node_get_int (n) < -1)
        {
          *reason = g_strdup_printf ("%s below -1", f->name);
          return FALSE;
        }
      *(gint64 *) at = json_node_get_int (n);
      return TRUE;
    default:
      g_assert_not_reached ();
    }
}

gboolean
kasir_server_merge_apply (const KasirMergeField *fields,
                          guint                  n_fields,
                          JsonObject            *apply,
                          gpointer               record,
                          char                 **reason)
{
  for (guint i = 0; i < n_fields; i++)
    {
      JsonNode *n = json_object_get_member (apply, fields[i].name);

      if (n != NULL && !apply_field (&fields[i], n, record, reason))
        return FALSE;
    }
  return TRUE;
}
