/* kasir-server-apply-category.c — category.upsert: a manager at a till adds, renames,
 * archives or brings back a category. Names are unique on the server: a new category
 * named like an existing one is that one (two tills adding "Minuman" offline make one
 * category), and a rename to another category's name is rejected "name_taken". The
 * result reaches every till with its next pull. A product made or changed in the same
 * queue may name such a category by its name (kasir_apply_category_name).
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kasir-server"

#include "config.h"

#include "kasir-server-apply.h"

gboolean
kasir_apply_category_upsert (KasirApply  *a,
                             GError     **error)
{
  const KasirServerTxClass *k = a->tx->klass;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(KasirCategoryUpsert) u = kasir_protocol_decode_category_upsert (a->mutation->payload,
                                                                             &local_error);
  g_autofree char *name = NULL;
  char idbuf[32];
  gboolean allowed, found;
  gint64 id = 0, named = 0;

  if (u == NULL)
    {
      kasir_apply_reject (a, "invalid category.upsert: %s", local_error->message);
      return TRUE;
    }
  if (!kasir_apply_check_actor (a, u->staff_id, &allowed, error))
    return FALSE;
  if (!allowed)
    return TRUE;
  name = g_strstrip (g_strdup (u->name));
  if (*name == '\0')
    {
      kasir_apply_reject (a, "invalid category.upsert: a category needs a name");
      return TRUE;
    }
  if (!k->category_by_name (a->tx, name, &named, &found, error))
    return FALSE;

  if (u->entity_id == 0 && !found)
    {
      if (!k->insert_category (a->tx, name, &id, error)
          || (u->archived && !k->update_category (a->tx, id, name, TRUE, error)))
        return FALSE;
      g_snprintf (idbuf, sizeof idbuf, "%" G_GINT64_FORMAT, id);
      return k->log_change (a->tx, "category", idbuf, 0, FALSE, error);
    }
  if (u->entity_id == 0)
    id = named; /* the same category, brought back if it was archived */
  else
    {
      id = u->entity_id;
      if (!k->category_exists (a->tx, id, &found, error))
        return FALSE;
      if (!found)
        {
          kasir_apply_reject (a, "unknown_category: no category %" G_GINT64_FORMAT, id);
          return TRUE;
        }
      if (named != 0 && named != id)
        {
          kasir_apply_reject (a, "name_taken: category %" G_GINT64_FORMAT " is named so", named);
          return TRUE;
        }
    }
  if (!k->update_category (a->tx, id, name, u->archived, error))
    return FALSE;
  g_snprintf (idbuf, sizeof idbuf, "%" G_GINT64_FORMAT, id);
  return k->log_change (a->tx, "category", idbuf, 0, FALSE, error);
}

gboolean
kasir_apply_category_name (KasirApply  *a,
                           JsonObject  *fields,
                           gboolean    *rejected,
                           GError     **error)
{
  g_autofree char *name = NULL;
  gboolean found = FALSE;
  gint64 id = 0;

  *rejected = FALSE;
  if (!json_object_has_member (fields, "category_name"))
    return TRUE;
  name = g_strdup (json_object_get_string_member (fields, "category_name"));
  json_object_remove_member (fields, "category_name");
  /* null names no category: the same as leaving it out. */
  if (name == NULL)
    return TRUE;
  g_strstrip (name);
  if (!a->tx->klass->category_by_name (a->tx, name, &id, &found, error))
    return FALSE;
  if (!found)
    {
      kasir_apply_reject (a, "unknown_category: no category named %s", name);
      *rejected = TRUE;
      return TRUE;
    }
  json_object_set_int_member (fields, "category_id", id);
  return TRUE;
}
