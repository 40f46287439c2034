/* kasir-protocol-records.c — the tables of the entities a pull carries (product,
 * category, stock, customer, staff, shift, conflict) and their public codec functions.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kasir-protocol-fields.h"
#include "kasir-modifier.h"
#include "kasir-roles.h"

KASIR_ENUM_CODEC (conflict_kind_codec, KasirConflictKind, kasir_conflict_kind)
KASIR_ENUM_CODEC (conflict_status_codec, KasirConflictStatus, kasir_conflict_status)

static const KasirFieldSpec modifier_option_fields[] = {
  KASIR_F_ID (KasirModifierOption, id, "id"),
  KASIR_F_STRING (KasirModifierOption, name, "name", KASIR_FIELD_REQUIRED),
  KASIR_F_MONEY (KasirModifierOption, price, "price", 0, KASIR_FIELD_REQUIRED),
};

const KasirRecordSpec kasir_modifier_option_record =
  KASIR_RECORD_OF ("modifier-option", modifier_option_fields, KasirModifierOption,
                   kasir_modifier_option_free, NULL);

#define MODIFIER_COUNT(m, key) \
  { .name = key, .type = KASIR_FIELD_UINT, \
    .offset = KASIR_FIELD_OFFSET (KasirModifierGroup, m, guint), \
    .flags = KASIR_FIELD_REQUIRED, .min = 0, .max = KASIR_PROTOCOL_MAX_MODIFIER_OPTIONS }

/* A group the till could not offer (no name, two options with one id, a minimum above
 * what it allows) is refused as a whole, by the same rules the back office saves by. */
static gboolean
check_modifier_group (gpointer     record,
                      const char  *path,
                      GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (kasir_modifier_group_check (record, &local_error))
    return TRUE;
  kasir_protocol_fail (error, KASIR_PROTOCOL_ERROR_INVALID_VALUE, path, NULL, "%s",
                       local_error->message);
  return FALSE;
}

static const KasirFieldSpec modifier_group_fields[] = {
  KASIR_F_ID (KasirModifierGroup, id, "id"),
  KASIR_F_STRING (KasirModifierGroup, name, "name", KASIR_FIELD_REQUIRED),
  KASIR_F_BOOL (KasirModifierGroup, multiple, "multiple", KASIR_FIELD_REQUIRED, FALSE),
  MODIFIER_COUNT (min, "min"),
  MODIFIER_COUNT (max, "max"),
  KASIR_F_ID (KasirModifierGroup, version, "version"),
  KASIR_F_ARRAY (KasirModifierGroup, options, "options", &kasir_modifier_option_record,
                 KASIR_PROTOCOL_MAX_MODIFIER_OPTIONS, KASIR_FIELD_NON_EMPTY),
};

const KasirRecordSpec kasir_modifier_group_record =
  KASIR_RECORD_OF ("modifier-group", modifier_group_fields, KasirModifierGroup,
                   kasir_modifier_group_free, check_modifier_group);

static const KasirFieldSpec product_fields[] = {
  KASIR_F_ID (KasirProduct, id, "id"),
  KASIR_F_STRING (KasirProduct, sku, "sku", KASIR_FIELD_ALLOW_EMPTY | KASIR_FIELD_EDITABLE),
  KASIR_F_STRING (KasirProduct, barcode, "barcode",
                  KASIR_FIELD_NULLABLE | KASIR_FIELD_ALLOW_EMPTY | KASIR_FIELD_EDITABLE),
  KASIR_F_STRING (KasirProduct, name, "name", KASIR_FIELD_EDITABLE),
  KASIR_F_MONEY (KasirProduct, price, "price", 0, KASIR_FIELD_EDITABLE),
  KASIR_F_COUNT (KasirProduct, price_version, "price_version"),
  KASIR_F_BP (KasirProduct, tax_rate_bp, "tax_rate_bp", KASIR_FIELD_EDITABLE),
  KASIR_F_INT (KasirProduct, category_id, "category_id", 1, G_MAXINT64,
               KASIR_FIELD_NULLABLE | KASIR_FIELD_EDITABLE),
  KASIR_F_BOOL (KasirProduct, archived, "archived", KASIR_FIELD_EDITABLE, FALSE),
  KASIR_F_COUNT (KasirProduct, version, "version"),
  /* The back office's: absent from a server that keeps none (the till keeps its own). */
  KASIR_F_STRING (KasirProduct, unit, "unit",
                  KASIR_FIELD_NULLABLE | KASIR_FIELD_OMIT_EMPTY | KASIR_FIELD_EDITABLE),
  KASIR_F_BOOL (KasirProduct, track_stock, "track_stock",
                KASIR_FIELD_OPTIONAL | KASIR_FIELD_OMIT_DEFAULT | KASIR_FIELD_EDITABLE, TRUE),
  { .name = "low_stock", .type = KASIR_FIELD_INT,
    .offset = KASIR_FIELD_OFFSET (KasirProduct, low_stock, gint64),
    .flags = KASIR_FIELD_OPTIONAL | KASIR_FIELD_OMIT_DEFAULT | KASIR_FIELD_EDITABLE, .min = -1,
    .max = KASIR_PROTOCOL_MAX_STOCK, .fallback = -1 },
  KASIR_F_ARRAY (KasirProduct, modifier_groups, "modifier_groups", &kasir_modifier_group_record,
                 KASIR_PROTOCOL_MAX_MODIFIER_GROUPS, KASIR_FIELD_OPTIONAL | KASIR_FIELD_OMIT_EMPTY),
  /* An edit's category by name (a category a category.upsert earlier in the queue makes);
   * never in a product the server sends. */
  KASIR_F_STRING (KasirProduct, category_name, "category_name",
                  KASIR_FIELD_NULLABLE | KASIR_FIELD_OMIT_EMPTY | KASIR_FIELD_EDITABLE),
};

const KasirRecordSpec kasir_product_record =
  KASIR_RECORD ("product", product_fields, kasir_product_new, kasir_product_free, NULL);

static const KasirFieldSpec category_fields[] = {
  KASIR_F_ID (KasirCategory, id, "id"),
  KASIR_F_STRING (KasirCategory, name, "name", KASIR_FIELD_REQUIRED),
  KASIR_F_INT (KasirCategory, parent_id, "parent_id", 1, G_MAXINT64, KASIR_FIELD_NULLABLE),
  KASIR_F_BOOL (KasirCategory, archived, "archived", KASIR_FIELD_OPTIONAL, FALSE),
  KASIR_F_COUNT (KasirCategory, version, "version"),
};

const KasirRecordSpec kasir_category_record =
  KASIR_RECORD ("category", category_fields, kasir_category_new, kasir_category_free, NULL);

static const KasirFieldSpec stock_fields[] = {
  KASIR_F_ID (KasirStock, product_id, "product_id"),
  KASIR_F_ID (KasirStock, outlet_id, "outlet_id"),
  KASIR_F_INT (KasirStock, qty, "qty", -KASIR_PROTOCOL_MAX_STOCK, KASIR_PROTOCOL_MAX_STOCK,
               KASIR_FIELD_REQUIRED),
};

const KasirRecordSpec kasir_stock_record =
  KASIR_RECORD ("stock", stock_fields, kasir_stock_new, kasir_stock_free, NULL);

static const KasirFieldSpec customer_fields[] = {
  KASIR_F_ID (KasirCustomer, id, "id"),
  KASIR_F_STRING (KasirCustomer, name, "name", KASIR_FIELD_EDITABLE),
  KASIR_F_STRING (KasirCustomer, phone, "phone",
                  KASIR_FIELD_NULLABLE | KASIR_FIELD_ALLOW_EMPTY | KASIR_FIELD_EDITABLE),
  KASIR_F_STRING (KasirCustomer, email, "email",
                  KASIR_FIELD_NULLABLE | KASIR_FIELD_ALLOW_EMPTY | KASIR_FIELD_EDITABLE),
  KASIR_F_MONEY (KasirCustomer, loyalty_points, "loyalty_points", 0, KASIR_FIELD_REQUIRED),
  KASIR_F_COUNT (KasirCustomer, version, "version"),
  KASIR_F_STRING (KasirCustomer, member_code, "member_code",
                  KASIR_FIELD_NULLABLE | KASIR_FIELD_ALLOW_EMPTY | KASIR_FIELD_OMIT_EMPTY |
                  KASIR_FIELD_EDITABLE),
  KASIR_F_UUID (KasirCustomer, client_id, "client_id", KASIR_FIELD_NULLABLE | KASIR_FIELD_OMIT_EMPTY),
};

const KasirRecordSpec kasir_customer_record =
  KASIR_RECORD ("customer", customer_fields, kasir_customer_new, kasir_customer_free, NULL);

static const KasirFieldSpec staff_fields[] = {
  KASIR_F_ID (KasirStaff, id, "id"),
  KASIR_F_ID (KasirStaff, outlet_id, "outlet_id"),
  KASIR_F_STRING (KasirStaff, name, "name", KASIR_FIELD_REQUIRED),
  KASIR_F_CHOICE (KasirStaff, role, "role", kasir_staff_roles, "unknown role"),
  KASIR_F_STRING (KasirStaff, pin_hash, "pin_hash", KASIR_FIELD_REQUIRED),
  KASIR_F_BOOL (KasirStaff, active, "active", KASIR_FIELD_REQUIRED, FALSE),
};

const KasirRecordSpec kasir_staff_record =
  KASIR_RECORD ("staff", staff_fields, kasir_staff_new, kasir_staff_free, NULL);

static const KasirFieldSpec shift_fields[] = {
  KASIR_F_UUID (KasirShift, id, "id", KASIR_FIELD_REQUIRED),
  KASIR_F_ID (KasirShift, outlet_id, "outlet_id"),
  KASIR_F_ID (KasirShift, terminal_id, "terminal_id"),
  KASIR_F_ID (KasirShift, staff_id, "staff_id"),
  KASIR_F_TIME (KasirShift, opened_at, "opened_at", KASIR_FIELD_REQUIRED),
  KASIR_F_TIME (KasirShift, closed_at, "closed_at", KASIR_FIELD_NULLABLE),
  KASIR_F_MONEY (KasirShift, opening_float, "opening_float", 0, KASIR_FIELD_REQUIRED),
  KASIR_F_MONEY (KasirShift, counted_cash, "counted_cash", 0, KASIR_FIELD_REQUIRED),
};

const KasirRecordSpec kasir_shift_record =
  KASIR_RECORD ("shift", shift_fields, kasir_shift_new, kasir_shift_free, NULL);

static const KasirFieldSpec conflict_fields[] = {
  KASIR_F_ID (KasirConflict, id, "id"),
  KASIR_F_ENUM (KasirConflict, kind, "kind", &conflict_kind_codec, "unknown conflict kind"),
  KASIR_F_ENUM (KasirConflict, status, "status", &conflict_status_codec,
                "unknown conflict status"),
  KASIR_F_STRING (KasirConflict, entity, "entity", KASIR_FIELD_REQUIRED),
  KASIR_F_TEXT (KasirConflict, entity_id, "entity_id", KASIR_FIELD_TEXT_ID, KASIR_FIELD_REQUIRED),
  KASIR_F_NODE (KasirConflict, base, "base", KASIR_FIELD_ANY, KASIR_FIELD_NULLABLE),
  KASIR_F_NODE (KasirConflict, terminal, "terminal", KASIR_FIELD_ANY, KASIR_FIELD_NULLABLE),
  KASIR_F_NODE (KasirConflict, server, "server", KASIR_FIELD_ANY, KASIR_FIELD_NULLABLE),
  KASIR_F_COUNT (KasirConflict, terminal_id, "terminal_id"),
  KASIR_F_STRING (KasirConflict, terminal_name, "terminal_name",
                  KASIR_FIELD_NULLABLE | KASIR_FIELD_OMIT_EMPTY),
  KASIR_F_COUNT (KasirConflict, seq, "seq"),
  KASIR_F_TIME (KasirConflict, created_at, "created_at", KASIR_FIELD_REQUIRED),
  KASIR_F_NODE (KasirConflict, resolution, "resolution", KASIR_FIELD_OBJECT,
                KASIR_FIELD_NULLABLE),
  KASIR_F_COUNT (KasirConflict, version, "version"),
};

const KasirRecordSpec kasir_conflict_record =
  KASIR_RECORD ("conflict", conflict_fields, kasir_conflict_new, kasir_conflict_free, NULL);

/* ------------------------------------------------------------------------------------ */
/* Public functions                                                                     */
/* ------------------------------------------------------------------------------------ */

KASIR_RECORD_CODEC (KasirProduct, product, kasir_product_record)

JsonNode *
kasir_protocol_encode_modifier_groups (GPtrArray *groups)
{
  JsonArray *array = json_array_new ();
  JsonNode *node = json_node_new (JSON_NODE_ARRAY);

  for (guint i = 0; groups != NULL && i < groups->len; i++)
    json_array_add_element (array, kasir_record_encode (&kasir_modifier_group_record,
                                                        g_ptr_array_index (groups, i)));
  json_node_take_array (node, array);
  return node;
}

GPtrArray *
kasir_protocol_decode_modifier_groups (JsonNode  *node,
                                       GError   **error)
{
  g_autoptr(JsonObject) wrapper = json_object_new ();
  g_autoptr(KasirProduct) holder = kasir_product_new ();
  const KasirFieldSpec *field = kasir_record_find_field (&kasir_product_record, "modifier_groups");

  g_return_val_if_fail (node != NULL, NULL);

  /* Read as the product's own member, by its line: the same checks and errors. */
  json_object_set_member (wrapper, "modifier_groups", json_node_copy (node));
  if (!kasir_field_decode (wrapper, "", field, holder, error))
    return NULL;
  if (holder->modifier_groups == NULL)
    return g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_modifier_group_free);
  return g_steal_pointer (&holder->modifier_groups);
}
KASIR_RECORD_CODEC (KasirCategory, category, kasir_category_record)
KASIR_RECORD_CODEC (KasirStock, stock, kasir_stock_record)
KASIR_RECORD_CODEC (KasirCustomer, customer, kasir_customer_record)
KASIR_RECORD_CODEC (KasirStaff, staff, kasir_staff_record)
KASIR_RECORD_CODEC (KasirShift, shift, kasir_shift_record)
KASIR_RECORD_CODEC (KasirConflict, conflict, kasir_conflict_record)
