/* kasir-modifier-repository.c — the modifier_groups, modifier_options and
 * sale_line_options tables.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <inttypes.h>
#include <string.h>

#include <glib/gi18n.h>

#include "kasir-database-private.h"
#include "kasir-input-error.h"
#include "kasir-modifier.h"
#include "kasir-modifier-repository.h"
#include "kasir-outbox-repository.h"
#include "kasir-protocol.h"

struct _KasirModifierRepository
{
  GObject        parent_instance;
  KasirDatabase *database;
};

G_DEFINE_TYPE (KasirModifierRepository, kasir_modifier_repository, G_TYPE_OBJECT)

static void
kasir_modifier_repository_dispose (GObject *object)
{
  KasirModifierRepository *self = KASIR_MODIFIER_REPOSITORY (object);

  g_clear_object (&self->database);

  G_OBJECT_CLASS (kasir_modifier_repository_parent_class)->dispose (object);
}

static void
kasir_modifier_repository_class_init (KasirModifierRepositoryClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = kasir_modifier_repository_dispose;
}

static void
kasir_modifier_repository_init (KasirModifierRepository *self)
{
}

KasirModifierRepository *
kasir_modifier_repository_new (KasirDatabase *database)
{
  KasirModifierRepository *self;

  g_return_val_if_fail (KASIR_IS_DATABASE (database), NULL);

  self = g_object_new (KASIR_TYPE_MODIFIER_REPOSITORY, NULL);
  self->database = g_object_ref (database);

  return self;
}

static gboolean
step_rows_done (KasirDatabase  *db,
                sqlite3_stmt   *stmt,
                int             rc,
                const char     *what,
                GError        **error)
{
  if (rc != SQLITE_DONE)
    {
      kasir_database_set_error (db, rc, what, error);
      kasir_database_stmt_done (stmt);
      return FALSE;
    }
  kasir_database_stmt_done (stmt);
  return TRUE;
}

/* The migration tests fill databases of the versions before modifiers; those have no
 * modifier tables, and so no options to read or groups to replace. FALSE with @error
 * unset when the tables are not there. */
static gboolean
has_modifier_tables (KasirDatabase  *db,
                     GError        **error)
{
  gint64 found = 0;

  if (!kasir_database_query_int64 (db, "SELECT count(*) FROM sqlite_master "
                                       "WHERE type = 'table' AND name = 'sale_line_options'",
                                   &found, error))
    return FALSE;
  return found > 0;
}

static gboolean
load_options (KasirDatabase       *db,
              KasirModifierGroup  *group,
              GError             **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = kasir_database_prepare (db, "SELECT id, name, price FROM modifier_options "
                                     "WHERE group_id = ? ORDER BY position", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, group->id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (group->options,
                     kasir_modifier_option_new (sqlite3_column_int64 (stmt, 0),
                                                (const char *) sqlite3_column_text (stmt, 1),
                                                sqlite3_column_int64 (stmt, 2)));
  return step_rows_done (db, stmt, rc, "read modifier options", error);
}

GPtrArray *
kasir_modifier_repository_load_groups (KasirModifierRepository  *self,
                                       gint64                    product_id,
                                       GError                  **error)
{
  g_autoptr(GPtrArray) groups = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (KASIR_IS_MODIFIER_REPOSITORY (self), NULL);

  groups = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_modifier_group_free);
  stmt = kasir_database_prepare (self->database,
                                 "SELECT id, name, multiple, min_choices, max_choices, version "
                                 "FROM modifier_groups WHERE product_id = ? ORDER BY position",
                                 error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, product_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KasirModifierGroup *group =
        kasir_modifier_group_new (sqlite3_column_int64 (stmt, 0),
                                  (const char *) sqlite3_column_text (stmt, 1),
                                  sqlite3_column_int (stmt, 2) != 0,
                                  (guint) sqlite3_column_int (stmt, 3),
                                  (guint) sqlite3_column_int (stmt, 4));

      group->version = sqlite3_column_int64 (stmt, 5);
      g_ptr_array_add (groups, group);
    }
  if (!step_rows_done (self->database, stmt, rc, "read modifier groups", error))
    return NULL;
  for (guint i = 0; i < groups->len; i++)
    if (!load_options (self->database, groups->pdata[i], error))
      return NULL;

  return g_steal_pointer (&groups);
}

gboolean
kasir_modifier_repository_fill_product (KasirModifierRepository  *self,
                                        KasirProduct             *product,
                                        GError                  **error)
{
  g_autoptr(GPtrArray) groups = NULL;

  g_return_val_if_fail (product != NULL, FALSE);

  if ((groups = kasir_modifier_repository_load_groups (self, product->id, error)) == NULL)
    return FALSE;
  g_clear_pointer (&product->modifier_groups, g_ptr_array_unref);
  if (groups->len > 0)
    product->modifier_groups = g_steal_pointer (&groups);
  return TRUE;
}

static gboolean
write_group (KasirDatabase             *db,
             gint64                     product_id,
             guint                      position,
             const KasirModifierGroup  *group,
             GError                   **error)
{
  sqlite3_stmt *stmt;

  stmt = kasir_database_prepare (db, "INSERT OR REPLACE INTO modifier_groups (id, product_id, "
                                     "position, name, multiple, min_choices, max_choices, "
                                     "version) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, group->id);
  sqlite3_bind_int64 (stmt, 2, product_id);
  sqlite3_bind_int (stmt, 3, position);
  kasir_database_bind_text (stmt, 4, group->name);
  sqlite3_bind_int (stmt, 5, group->multiple ? 1 : 0);
  sqlite3_bind_int (stmt, 6, group->min);
  sqlite3_bind_int (stmt, 7, group->max);
  sqlite3_bind_int64 (stmt, 8, group->version);
  if (!kasir_database_step_done (db, stmt, "write modifier group", error))
    return FALSE;

  for (guint i = 0; i < group->options->len; i++)
    {
      const KasirModifierOption *option = group->options->pdata[i];

      stmt = kasir_database_prepare (db, "INSERT INTO modifier_options (group_id, id, position, "
                                         "name, price) VALUES (?, ?, ?, ?, ?)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, group->id);
      sqlite3_bind_int64 (stmt, 2, option->id);
      sqlite3_bind_int (stmt, 3, i);
      kasir_database_bind_text (stmt, 4, option->name);
      sqlite3_bind_int64 (stmt, 5, option->price);
      if (!kasir_database_step_done (db, stmt, "write modifier option", error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
replace_one (KasirDatabase       *db,
             const KasirProduct  *p,
             GError             **error)
{
  sqlite3_stmt *stmt;

  /* Its options go with each group (ON DELETE CASCADE). */
  stmt = kasir_database_prepare (db, "DELETE FROM modifier_groups WHERE product_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, p->id);
  if (!kasir_database_step_done (db, stmt, "replace modifier groups", error))
    return FALSE;
  for (guint g = 0; p->modifier_groups != NULL && g < p->modifier_groups->len; g++)
    if (!write_group (db, p->id, g, p->modifier_groups->pdata[g], error))
      return FALSE;
  return TRUE;
}

/* The groups of this till's latest product.modifiers of @product_id that has not
 * reached the server yet (*groups NULL when none): a pull meanwhile brings the groups as
 * they were (and writing the product drops its groups), and the manager's edit stays
 * shown. */
static gboolean
pending_groups (KasirDatabase  *db,
                gint64          product_id,
                GPtrArray     **groups,
                GError        **error)
{
  g_autoptr(KasirModifierEdit) edit = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *payload = NULL;
  sqlite3_stmt *stmt;
  int rc;

  *groups = NULL;
  stmt = kasir_database_prepare (db, "SELECT payload FROM outbox WHERE entity_id = ? AND type = ? "
                                     "AND type <> 'sale.create' AND state IN ('pending', 'in_flight') "
                                     "ORDER BY seq DESC LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, g_strdup_printf ("%" G_GINT64_FORMAT, product_id), -1, g_free);
  sqlite3_bind_text (stmt, 2, kasir_mutation_type_to_string (KASIR_MUTATION_PRODUCT_MODIFIERS),
                     -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      payload = kasir_database_column_dup (stmt, 0);
      rc = SQLITE_DONE;
    }
  if (!step_rows_done (db, stmt, rc, "read pending modifier edits", error))
    return FALSE;
  /* The outbox checked the payload when it was queued. */
  if (payload == NULL
      || (node = kasir_protocol_parse (payload, strlen (payload), NULL)) == NULL
      || (edit = kasir_protocol_decode_product_modifiers (node, NULL)) == NULL)
    return TRUE;
  *groups = g_steal_pointer (&edit->groups);
  return TRUE;
}

gboolean
kasir_modifier_store_replace_groups (KasirDatabase  *db,
                                     GPtrArray      *products,
                                     GError        **error)
{
  gboolean any_carried = FALSE;
  gint64 any_kept = 0;

  g_return_val_if_fail (KASIR_IS_DATABASE (db), FALSE);
  g_return_val_if_fail (products != NULL, FALSE);

  for (guint i = 0; i < products->len && !any_carried; i++)
    {
      const KasirProduct *p = products->pdata[i];

      any_carried = p->modifier_groups != NULL && p->modifier_groups->len > 0;
    }
  if (!has_modifier_tables (db, error))
    return error == NULL || *error == NULL;
  /* A first pull of a large catalog without modifiers writes nothing here. */
  if (!any_carried)
    {
      if (!kasir_database_query_int64 (db, "SELECT EXISTS (SELECT 1 FROM modifier_groups) "
                                           "OR EXISTS (SELECT 1 FROM outbox WHERE state IN "
                                           "('pending', 'in_flight') AND type = 'product.modifiers')",
                                       &any_kept, error))
        return FALSE;
      if (any_kept == 0)
        return TRUE;
    }

  for (guint i = 0; i < products->len; i++)
    {
      const KasirProduct *p = products->pdata[i];
      g_autoptr(GPtrArray) pending = NULL;

      if (!pending_groups (db, p->id, &pending, error))
        return FALSE;
      if (pending != NULL)
        {
          g_autoptr(KasirProduct) edited = kasir_product_new ();

          edited->id = p->id;
          edited->modifier_groups = g_steal_pointer (&pending);
          if (!replace_one (db, edited, error))
            return FALSE;
        }
      else if (!replace_one (db, p, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
kasir_modifier_store_write_line_options (KasirDatabase  *db,
                                         const char     *sale_id,
                                         guint           line_no,
                                         GPtrArray      *options,
                                         GError        **error)
{
  for (guint i = 0; options != NULL && i < options->len; i++)
    {
      const KasirSaleLineOption *option = options->pdata[i];
      sqlite3_stmt *stmt;

      stmt = kasir_database_prepare (db, "INSERT INTO sale_line_options (sale_id, line_no, "
                                         "position, group_id, group_version, option_id, "
                                         "group_name, name, price) "
                                         "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
      if (stmt == NULL)
        return FALSE;
      kasir_database_bind_text (stmt, 1, sale_id);
      sqlite3_bind_int (stmt, 2, line_no);
      sqlite3_bind_int (stmt, 3, i);
      sqlite3_bind_int64 (stmt, 4, option->group_id);
      sqlite3_bind_int64 (stmt, 5, option->group_version);
      sqlite3_bind_int64 (stmt, 6, option->option_id);
      kasir_database_bind_text (stmt, 7, option->group_name);
      kasir_database_bind_text (stmt, 8, option->name);
      sqlite3_bind_int64 (stmt, 9, option->price);
      if (!kasir_database_step_done (db, stmt, "write sale line option", error))
        return FALSE;
    }
  return TRUE;
}

gboolean
kasir_modifier_store_load_line_options (KasirDatabase  *db,
                                        KasirSale      *sale,
                                        GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  sqlite3_stmt *stmt;
  int rc;

  if (!has_modifier_tables (db, &local_error))
    {
      if (local_error == NULL)
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  stmt = kasir_database_prepare (db, "SELECT line_no, group_id, group_version, option_id, "
                                     "group_name, name, price FROM sale_line_options "
                                     "WHERE sale_id = ? ORDER BY line_no, position", error);
  if (stmt == NULL)
    return FALSE;
  kasir_database_bind_text (stmt, 1, sale->sale_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 line_no = sqlite3_column_int64 (stmt, 0);
      KasirSaleLine *line;
      KasirSaleLineOption *option;

      if (line_no < 1 || line_no > sale->lines->len)
        continue;
      line = sale->lines->pdata[line_no - 1];
      if (line->options == NULL)
        line->options = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_sale_line_option_free);
      option = kasir_sale_line_option_new ();
      option->group_id = sqlite3_column_int64 (stmt, 1);
      option->group_version = sqlite3_column_int64 (stmt, 2);
      option->option_id = sqlite3_column_int64 (stmt, 3);
      option->group_name = kasir_database_column_dup (stmt, 4);
      option->name = kasir_database_column_dup (stmt, 5);
      option->price = sqlite3_column_int64 (stmt, 6);
      g_ptr_array_add (line->options, option);
    }
  return step_rows_done (db, stmt, rc, "read sale line options", error);
}

/* ---- A manager's edit ---- */

static const KasirModifierGroup *
find_group (GPtrArray *groups,
            gint64     id)
{
  for (guint i = 0; i < groups->len; i++)
    if (((KasirModifierGroup *) groups->pdata[i])->id == id)
      return groups->pdata[i];
  return NULL;
}

/* The ids of @product_id's groups that options were sold from here (gint64, added to
 * @ids). A new group does not take one: the server keeps each id's versions, and a new
 * group under an old id would start at a version this till cannot foresee. */
static gboolean
sold_group_ids (KasirDatabase  *db,
                gint64          product_id,
                GArray         *ids,
                GError        **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = kasir_database_prepare (db, "SELECT DISTINCT group_id FROM sale_line_options "
                                     "WHERE group_id BETWEEN ?1 AND ?1 + ?2 - 1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, product_id * KASIR_PROTOCOL_MAX_MODIFIER_GROUPS);
  sqlite3_bind_int64 (stmt, 2, KASIR_PROTOCOL_MAX_MODIFIER_GROUPS);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
    }
  return step_rows_done (db, stmt, rc, "read sold modifier groups", error);
}

/* Checks @groups by the back office's rules, gives them ids beside @base's (and
 * @taken's: ids not to be given again) and the versions the server gives: a group as it was keeps its version, a changed one gets the
 * next. *changed: anything differs from @base (the order too). */
static gboolean
prepare_groups (gint64      product_id,
                GPtrArray  *groups,
                GPtrArray  *base,
                GArray     *taken,
                gboolean   *changed,
                GError    **error)
{
  if (groups->len > KASIR_PROTOCOL_MAX_MODIFIER_GROUPS)
    {
      g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_OUT_OF_RANGE,
                   _("A product can have at most %d modifier groups"),
                   KASIR_PROTOCOL_MAX_MODIFIER_GROUPS);
      return FALSE;
    }
  for (guint i = 0; i < groups->len; i++)
    if (((KasirModifierGroup *) groups->pdata[i])->options->len > KASIR_PROTOCOL_MAX_MODIFIER_OPTIONS)
      {
        g_set_error (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_OUT_OF_RANGE,
                     _("A modifier group can have at most %d options"),
                     KASIR_PROTOCOL_MAX_MODIFIER_OPTIONS);
        return FALSE;
      }
  for (guint i = 0; i < base->len; i++)
    g_array_append_val (taken, ((KasirModifierGroup *) base->pdata[i])->id);
  if (!kasir_modifier_groups_give_ids (product_id, groups, taken, error))
    return FALSE;
  for (guint i = 0; i < groups->len; i++)
    if (!kasir_modifier_group_check (groups->pdata[i], error))
      return FALSE;
  if (!kasir_modifier_groups_check_ids (product_id, groups, error))
    return FALSE;

  *changed = groups->len != base->len;
  for (guint i = 0; i < groups->len; i++)
    {
      KasirModifierGroup *group = groups->pdata[i];
      const KasirModifierGroup *before = find_group (base, group->id);

      if (before == NULL)
        group->version = 1;
      else if (kasir_modifier_group_equal (before, group))
        group->version = before->version;
      else
        group->version = before->version + 1;
      if (before == NULL || before != base->pdata[i] || group->version != before->version)
        *changed = TRUE;
    }
  return TRUE;
}

static gint64
queue_edit (KasirDatabase  *db,
            gint64          product_id,
            GPtrArray      *groups,
            GPtrArray      *base,
            gint64          staff_id,
            GError        **error)
{
  g_autoptr(KasirOutboxRepository) outbox = kasir_outbox_repository_new (db);
  g_autoptr(KasirModifierEdit) edit = g_new0 (KasirModifierEdit, 1);
  g_autoptr(JsonNode) payload = NULL;
  g_autofree char *entity_id = g_strdup_printf ("%" G_GINT64_FORMAT, product_id);

  if (staff_id <= 0)
    {
      g_set_error_literal (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_STATE,
                           _("A manager must approve a change of modifiers"));
      return 0;
    }
  edit->product_id = product_id;
  edit->staff_id = staff_id;
  edit->base_groups = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < base->len; i++)
    {
      KasirModifierBase *b = g_new0 (KasirModifierBase, 1);

      b->id = ((KasirModifierGroup *) base->pdata[i])->id;
      b->version = ((KasirModifierGroup *) base->pdata[i])->version;
      g_ptr_array_add (edit->base_groups, b);
    }
  edit->groups = g_ptr_array_ref (groups);
  payload = kasir_protocol_encode_product_modifiers (edit);

  return kasir_outbox_repository_enqueue_in_transaction (outbox, KASIR_MUTATION_PRODUCT_MODIFIERS,
                                                         entity_id, payload, NULL, error);
}

gboolean
kasir_modifier_repository_save_groups (KasirModifierRepository  *self,
                                       gint64                    product_id,
                                       GPtrArray                *groups,
                                       gint64                    staff_id,
                                       gint64                   *out_seq,
                                       GError                  **error)
{
  KasirDatabase *db;
  g_autoptr(GPtrArray) copy = NULL;
  g_autoptr(GPtrArray) base = NULL;
  g_autoptr(GArray) taken = g_array_new (FALSE, FALSE, sizeof (gint64));
  KasirProduct *product;
  gint64 outlet_id = 0, found = 0, seq = 0;
  gboolean changed = FALSE, ok;

  g_return_val_if_fail (KASIR_IS_MODIFIER_REPOSITORY (self), FALSE);
  g_return_val_if_fail (groups != NULL, FALSE);

  if (out_seq != NULL)
    *out_seq = 0;
  if (product_id <= 0)
    {
      g_set_error_literal (error, KASIR_INPUT_ERROR, KASIR_INPUT_ERROR_STATE,
                           _("Modifiers can be added once the product is in the catalog"));
      return FALSE;
    }
  db = self->database;
  copy = kasir_modifier_groups_copy (groups);
  if (!kasir_database_begin (db, error))
    return FALSE;
  if (!kasir_database_query_int64 (db, "SELECT outlet_id FROM sync_state WHERE id = 1",
                                   &outlet_id, error))
    goto fail;
  {
    sqlite3_stmt *stmt = kasir_database_prepare (db, "SELECT count(*) FROM products WHERE id = ?",
                                                 error);
    if (stmt == NULL)
      goto fail;
    sqlite3_bind_int64 (stmt, 1, product_id);
    if (sqlite3_step (stmt) == SQLITE_ROW)
      found = sqlite3_column_int64 (stmt, 0);
    kasir_database_stmt_done (stmt);
  }
  if (found == 0)
    {
      g_set_error (error, KASIR_DATABASE_ERROR, KASIR_DATABASE_ERROR_NOT_FOUND,
                   _("There is no product %" PRId64), product_id);
      goto fail;
    }
  if ((base = kasir_modifier_repository_load_groups (self, product_id, error)) == NULL
      || !sold_group_ids (db, product_id, taken, error)
      || !prepare_groups (product_id, copy, base, taken, &changed, error))
    goto fail;
  if (!changed)
    {
      kasir_database_rollback (db);
      return TRUE;
    }
  if (outlet_id > 0 && (seq = queue_edit (db, product_id, copy, base, staff_id, error)) == 0)
    goto fail;

  product = kasir_product_new ();
  product->id = product_id;
  product->modifier_groups = g_steal_pointer (&copy);
  ok = replace_one (db, product, error);
  kasir_product_free (product);
  if (!ok)
    goto fail;
  if (!kasir_database_commit (db, error))
    return FALSE;
  if (out_seq != NULL)
    *out_seq = seq;
  return TRUE;

fail:
  kasir_database_rollback (db);
  return FALSE;
}
