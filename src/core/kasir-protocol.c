/* kasir-protocol.c — the sync protocol v1 JSON codec: the messages (error body, health,
 * enrollment, push, pull) and the list of every table.
 *
 * Two layers keep hostile input harmless. kasir_protocol_parse() (kasir-protocol-text.c)
 * lets only plain, shallow, bounded JSON reach json-glib. The decoders then check every
 * field's presence, type and range and name the failing field by its path; each body is
 * a table of fields run by one engine (kasir-protocol-fields.c). The entities a pull
 * carries are in kasir-protocol-records.c, the mutation payloads in
 * kasir-protocol-mutations.c.
 *
 * Nullable fields may also be left out; a missing nullable field reads as null.
 *
 * Copyright 2026 The Kasir authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "kasir-protocol-fields.h"

#include <string.h>

G_DEFINE_QUARK (kasir-protocol-error-quark, kasir_protocol_error)

/* More conflicts than this for one mutation would mean a broken server. */
#define MAX_CONFLICT_IDS 10000

KASIR_ENUM_CODEC (mutation_type_codec, KasirMutationType, kasir_mutation_type)
KASIR_ENUM_CODEC (result_status_codec, KasirResultStatus, kasir_result_status)

/* ------------------------------------------------------------------------------------ */
/* Error body: {"error": {"code", "message"}, "expected_seq"?}                          */
/* ------------------------------------------------------------------------------------ */

static const KasirFieldSpec error_inner_fields[] = {
  KASIR_F_STRING (KasirProtocolErrorBody, code, "code", KASIR_FIELD_REQUIRED),
  KASIR_F_STRING (KasirProtocolErrorBody, message, "message", KASIR_FIELD_ALLOW_EMPTY),
};

static const KasirRecordSpec error_inner_record = {
  .name = "error.error",
  .fields = error_inner_fields,
  .n_fields = G_N_ELEMENTS (error_inner_fields),
};

static const KasirFieldSpec error_fields[] = {
  KASIR_F_GROUP ("error", &error_inner_record),
  KASIR_F_INT (KasirProtocolErrorBody, expected_seq, "expected_seq", 1, G_MAXINT64,
               KASIR_FIELD_NULLABLE | KASIR_FIELD_OMIT_EMPTY),
};

static const KasirRecordSpec error_record =
  KASIR_RECORD_OF ("error", error_fields, KasirProtocolErrorBody,
                   kasir_protocol_error_body_free, NULL);

JsonNode *
kasir_protocol_encode_error (const char *code,
                             const char *message,
                             gint64      expected_seq)
{
  KasirProtocolErrorBody body = {
    .code = (char *) code,
    .message = (char *) (message != NULL ? message : ""),
    .expected_seq = MAX (expected_seq, 0),
  };

  g_return_val_if_fail (code != NULL, NULL);

  return kasir_record_encode (&error_record, &body);
}

void
kasir_protocol_error_body_free (KasirProtocolErrorBody *self)
{
  kasir_record_free (&error_record, self);
}

KasirProtocolErrorBody *
kasir_protocol_decode_error (JsonNode  *node,
                             GError   **error)
{
  return kasir_record_decode (&error_record, node, error);
}

/* ------------------------------------------------------------------------------------ */
/* Health, enroll                                                                       */
/* ------------------------------------------------------------------------------------ */

static const KasirFieldSpec health_fields[] = {
  KASIR_F_STRING (KasirHealth, status, "status", KASIR_FIELD_REQUIRED),
  KASIR_F_INT (KasirHealth, protocol, "protocol", 1, G_MAXINT64, KASIR_FIELD_REQUIRED),
  KASIR_F_TIME (KasirHealth, server_time, "server_time", KASIR_FIELD_REQUIRED),
};

static const KasirRecordSpec health_record =
  KASIR_RECORD_OF ("health", health_fields, KasirHealth, kasir_health_free, NULL);

JsonNode *
kasir_protocol_encode_health (const char *server_time)
{
  KasirHealth health = {
    .status = (char *) "ok",
    .protocol = KASIR_PROTOCOL_VERSION,
    .server_time = (char *) server_time,
  };

  return kasir_record_encode (&health_record, &health);
}

void
kasir_health_free (KasirHealth *self)
{
  kasir_record_free (&health_record, self);
}

KasirHealth *
kasir_protocol_decode_health (JsonNode  *node,
                              GError   **error)
{
  return kasir_record_decode (&health_record, node, error);
}

static const KasirFieldSpec enroll_request_fields[] = {
  KASIR_F_STRING (KasirEnrollRequest, code, "code", KASIR_FIELD_REQUIRED),
  KASIR_F_STRING (KasirEnrollRequest, name, "name", KASIR_FIELD_REQUIRED),
};

static const KasirRecordSpec enroll_request_record =
  KASIR_RECORD_OF ("enroll-request", enroll_request_fields, KasirEnrollRequest,
                   kasir_enroll_request_free, NULL);

KASIR_RECORD_CODEC (KasirEnrollRequest, enroll_request, enroll_request_record)

void
kasir_enroll_request_free (KasirEnrollRequest *self)
{
  if (self == NULL)
    return;
  if (self->code != NULL)
    memset (self->code, 0, strlen (self->code));
  g_free (self->code);
  g_free (self->name);
  g_free (self);
}

static const KasirFieldSpec enroll_response_fields[] = {
  KASIR_F_ID (KasirEnrollResponse, terminal_id, "terminal_id"),
  KASIR_F_ID (KasirEnrollResponse, outlet_id, "outlet_id"),
  KASIR_F_STRING (KasirEnrollResponse, token, "token", KASIR_FIELD_REQUIRED),
  KASIR_F_STRING (KasirEnrollResponse, name, "name",
                  KASIR_FIELD_NULLABLE | KASIR_FIELD_OMIT_EMPTY),
};

static const KasirRecordSpec enroll_response_record =
  KASIR_RECORD_OF ("enroll-response", enroll_response_fields, KasirEnrollResponse,
                   kasir_enroll_response_free, NULL);

KASIR_RECORD_CODEC (KasirEnrollResponse, enroll_response, enroll_response_record)

void
kasir_enroll_response_free (KasirEnrollResponse *self)
{
  if (self == NULL)
    return;
  /* The token is a secret: do not leave it in freed memory. */
  if (self->token != NULL)
    memset (self->token, 0, strlen (self->token));
  g_free (self->token);
  g_free (self->name);
  g_free (self);
}

/* ------------------------------------------------------------------------------------ */
/* Push                                                                                 */
/* ------------------------------------------------------------------------------------ */

KasirPushRequest *
kasir_push_request_new (void)
{
  KasirPushRequest *self = g_new0 (KasirPushRequest, 1);

  self->mutations = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_mutation_free);
  return self;
}

KasirPushResult *
kasir_push_result_new (void)
{
  KasirPushResult *self = g_new0 (KasirPushResult, 1);

  self->conflict_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  return self;
}

KasirPushResult *
kasir_push_result_copy (const KasirPushResult *self)
{
  KasirPushResult *copy;

  g_return_val_if_fail (self != NULL, NULL);

  copy = kasir_push_result_new ();
  copy->seq = self->seq;
  copy->status = self->status;
  copy->reason = g_strdup (self->reason);
  if (self->conflict_ids != NULL)
    g_array_append_vals (copy->conflict_ids, self->conflict_ids->data, self->conflict_ids->len);
  return copy;
}

KasirPushResponse *
kasir_push_response_new (void)
{
  KasirPushResponse *self = g_new0 (KasirPushResponse, 1);

  self->results = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_push_result_free);
  return self;
}

static const KasirFieldSpec mutation_fields[] = {
  KASIR_F_ID (KasirMutation, seq, "seq"),
  KASIR_F_UUID (KasirMutation, id, "id", KASIR_FIELD_REQUIRED),
  KASIR_F_ENUM (KasirMutation, type, "type", &mutation_type_codec, "unknown mutation type"),
  KASIR_F_TIME (KasirMutation, created_at, "created_at", KASIR_FIELD_REQUIRED),
  KASIR_F_NODE (KasirMutation, payload, "payload", KASIR_FIELD_OBJECT, KASIR_FIELD_REQUIRED),
};

/* In a push, each mutation's seq is one more than the one before it. */
static gboolean
check_next_seq (GPtrArray   *mutations,
                const char  *path,
                GError     **error)
{
  const KasirMutation *mutation = g_ptr_array_index (mutations, mutations->len - 1);
  const KasirMutation *previous;

  if (mutations->len < 2)
    return TRUE;
  previous = g_ptr_array_index (mutations, mutations->len - 2);
  /* previous->seq >= 1, so adding one cannot overflow unless it is the maximum. */
  if (previous->seq != G_MAXINT64 && mutation->seq == previous->seq + 1)
    return TRUE;
  kasir_protocol_fail (error, KASIR_PROTOCOL_ERROR_INVALID_VALUE, path, "seq",
                       "must be one more than the previous mutation's seq");
  return FALSE;
}

const KasirRecordSpec kasir_mutation_record = {
  .name = "mutation",
  .fields = mutation_fields,
  .n_fields = G_N_ELEMENTS (mutation_fields),
  .new = (gpointer (*) (void)) kasir_mutation_new,
  .free = (GDestroyNotify) (void (*) (void)) kasir_mutation_free,
  .check_element = check_next_seq,
};

KASIR_RECORD_CODEC (KasirMutation, mutation, kasir_mutation_record)

static const KasirFieldSpec push_request_fields[] = {
  KASIR_F_ID (KasirPushRequest, terminal_id, "terminal_id"),
  KASIR_F_ARRAY (KasirPushRequest, mutations, "mutations", &kasir_mutation_record,
                 KASIR_PROTOCOL_MAX_MUTATIONS, KASIR_FIELD_REQUIRED),
};

const KasirRecordSpec kasir_push_request_record =
  KASIR_RECORD ("push-request", push_request_fields, kasir_push_request_new,
                kasir_push_request_free, NULL);

KASIR_RECORD_CODEC (KasirPushRequest, push_request, kasir_push_request_record)

void
kasir_push_request_free (KasirPushRequest *self)
{
  kasir_record_free (&kasir_push_request_record, self);
}

static gboolean
check_push_result (gpointer     record,
                   const char  *path,
                   GError     **error)
{
  const KasirPushResult *result = record;

  if (result->status != KASIR_RESULT_REJECTED || result->reason != NULL)
    return TRUE;
  kasir_protocol_fail (error, KASIR_PROTOCOL_ERROR_MISSING_FIELD, path, "reason",
                       "is required for a rejected mutation");
  return FALSE;
}

static const KasirFieldSpec push_result_fields[] = {
  KASIR_F_ID (KasirPushResult, seq, "seq"),
  KASIR_F_ENUM (KasirPushResult, status, "status", &result_status_codec,
                "unknown result status"),
  KASIR_F_INT_ARRAY (KasirPushResult, conflict_ids, "conflict_ids", 1, G_MAXINT64,
                     MAX_CONFLICT_IDS, KASIR_FIELD_NULLABLE),
  KASIR_F_STRING (KasirPushResult, reason, "reason",
                  KASIR_FIELD_NULLABLE | KASIR_FIELD_ALLOW_EMPTY | KASIR_FIELD_OMIT_EMPTY),
};

static const KasirRecordSpec push_result_record =
  KASIR_RECORD ("push-result", push_result_fields, kasir_push_result_new,
                kasir_push_result_free, check_push_result);

KASIR_RECORD_CODEC (KasirPushResult, push_result, push_result_record)

void
kasir_push_result_free (KasirPushResult *self)
{
  kasir_record_free (&push_result_record, self);
}

static const KasirFieldSpec push_response_fields[] = {
  KASIR_F_COUNT (KasirPushResponse, last_seq, "last_seq"),
  KASIR_F_ARRAY (KasirPushResponse, results, "results", &push_result_record,
                 KASIR_PROTOCOL_MAX_MUTATIONS, KASIR_FIELD_REQUIRED),
};

static const KasirRecordSpec push_response_record =
  KASIR_RECORD ("push-response", push_response_fields, kasir_push_response_new,
                kasir_push_response_free, NULL);

KASIR_RECORD_CODEC (KasirPushResponse, push_response, push_response_record)

void
kasir_push_response_free (KasirPushResponse *self)
{
  kasir_record_free (&push_response_record, self);
}

/* ------------------------------------------------------------------------------------ */
/* Pull                                                                                 */
/* ------------------------------------------------------------------------------------ */

static const char * const entities[] = {
  "product", "category", "stock", "customer", "staff", "shift", "conflict", "setting", NULL,
};

/* The shape of a "put" change's data per entity. The catalog entities, which make up
 * nearly all of a large pull, are kept decoded so that the receiver does not decode them
 * a second time. A setting's value is any object. */
typedef struct
{
  const char            *entity;
  const KasirRecordSpec *spec;
  gboolean               keep;
} EntityShape;

static const EntityShape entity_shapes[] = {
  { "product", &kasir_product_record, TRUE },
  { "category", &kasir_category_record, TRUE },
  { "stock", &kasir_stock_record, TRUE },
  { "customer", &kasir_customer_record, FALSE },
  { "staff", &kasir_staff_record, FALSE },
  { "shift", &kasir_shift_record, FALSE },
  { "conflict", &kasir_conflict_record, FALSE },
};

const KasirRecordSpec *
kasir_change_entity_spec (const char *entity,
                          gboolean   *keep)
{
  for (guint i = 0; entity != NULL && i < G_N_ELEMENTS (entity_shapes); i++)
    if (strcmp (entity_shapes[i].entity, entity) == 0)
      {
        if (keep != NULL)
          *keep = entity_shapes[i].keep;
        return entity_shapes[i].spec;
      }
  return NULL;
}

/* The entity's "id" line, NULL for an entity without one (stock, setting). */
static const KasirFieldSpec *
entity_id_field (const char *entity)
{
  const KasirRecordSpec *spec = kasir_change_entity_spec (entity, NULL);

  return spec != NULL ? kasir_record_find_field (spec, "id") : NULL;
}

KasirChange *
kasir_change_new (void)
{
  return g_new0 (KasirChange, 1);
}

KasirPullResponse *
kasir_pull_response_new (void)
{
  KasirPullResponse *self = g_new0 (KasirPullResponse, 1);

  self->changes = g_ptr_array_new_with_free_func ((GDestroyNotify) kasir_change_free);
  return self;
}

/* Entities whose ids are server integers send them as JSON integers. */
static void
encode_change_id (JsonObject           *obj,
                  const KasirFieldSpec *field,
                  gconstpointer         record)
{
  const KasirChange *change = record;
  const KasirFieldSpec *id_field = entity_id_field (change->entity);

  if (id_field != NULL && id_field->type == KASIR_FIELD_INT)
    kasir_protocol_set_text_id (obj, field->name, change->id);
  else
    kasir_protocol_set_string_or_null (obj, field->name, change->id);
}

static gboolean
decode_change_id (JsonObject            *obj,
                  const char            *path,
                  const KasirFieldSpec  *field,
                  gpointer               record,
                  GError               **error)
{
  KasirChange *change = record;

  g_clear_pointer (&change->id, g_free);
  return kasir_protocol_get_text_id (obj, path, field->name, &change->id, error);
}

static const KasirFieldCodec change_id_codec = { encode_change_id, decode_change_id };

static const char *
change_op_to_string (int deleted)
{
  return deleted ? "del" : "put";
}

static gboolean
change_op_from_string (const char *text,
                       int        *deleted)
{
  if (g_strcmp0 (text, "put") != 0 && g_strcmp0 (text, "del") != 0)
    return FALSE;
  *deleted = g_str_equal (text, "del");
  return TRUE;
}

static const KasirEnumCodec change_op_codec = { change_op_to_string, change_op_from_string };

/* Does the decoded entity @decoded describe the entity the change names? */
static gboolean
same_entity (const KasirChange    *change,
             const KasirFieldSpec *id_field,
             gconstpointer         decoded)
{
  gconstpointer slot = G_STRUCT_MEMBER_P ((gpointer) decoded, id_field->offset);
  g_autofree char *text = NULL;

  if (id_field->type != KASIR_FIELD_INT)
    return g_strcmp0 (change->id, *(char * const *) slot) == 0;
  text = g_strdup_printf ("%" G_GINT64_FORMAT, *(const gint64 *) slot);
  return g_strcmp0 (change->id, text) == 0;
}

gboolean
kasir_change_take_entity (KasirChange            *change,
                          const KasirRecordSpec  *spec,
                          gboolean                keep,
                          gpointer                decoded,
                          const char             *path,
                          GError                **error)
{
  const KasirFieldSpec *id_field = kasir_record_find_field (spec, "id");
  gboolean same = id_field == NULL || same_entity (change, id_field, decoded);

  if (keep)
    {
      change->entity_data = decoded;
      change->entity_data_free = spec->free;
    }
  else
    spec->free (decoded);

  if (!same)
    {
      kasir_protocol_fail (error, KASIR_PROTOCOL_ERROR_INVALID_VALUE, path, "id",
                           "does not match the change's id");
      return FALSE;
    }
  return TRUE;
}

/* Checks a "put" change's data against its entity's table, and that the data describes
 * the entity the change names. */
static gboolean
check_entity_data (KasirChange  *change,
                   JsonObject   *data,
                   const char   *path,
                   GError      **error)
{
  gboolean keep = FALSE;
  const KasirRecordSpec *spec = kasir_change_entity_spec (change->entity, &keep);
  gpointer decoded;

  if (spec == NULL)
    return TRUE;
  if ((decoded = kasir_record_decode_object (spec, data, path, error)) == NULL)
    return FALSE;
  return kasir_change_take_entity (change, spec, keep, decoded, path, error);
}

/* A put carries the entity; a tombstone may carry what is left of it, or nothing. */
static const KasirFieldSpec put_data_field =
  KASIR_F_NODE (KasirChange, data, "data", KASIR_FIELD_OBJECT, KASIR_FIELD_REQUIRED);
static const KasirFieldSpec del_data_field =
  KASIR_F_NODE (KasirChange, data, "data", KASIR_FIELD_OBJECT, KASIR_FIELD_NULLABLE);

static void
encode_change_data (JsonObject           *obj,
                    const KasirFieldSpec *field,
                    gconstpointer         record)
{
  const KasirChange *change = record;
  const KasirRecordSpec *spec = kasir_change_entity_spec (change->entity, NULL);

  if (change->data != NULL)
    json_object_set_member (obj, field->name, json_node_copy (change->data));
  else if (change->entity_data != NULL && spec != NULL)
    json_object_set_member (obj, field->name, kasir_record_encode (spec, change->entity_data));
  else
    json_object_set_null_member (obj, field->name);
}

static gboolean
decode_change_data (JsonObject            *obj,
                    const char            *path,
                    const KasirFieldSpec  *field,
                    gpointer               record,
                    GError               **error)
{
  KasirChange *change = record;
  g_autofree char *data_path = NULL;

  if (change->deleted)
    return kasir_field_decode (obj, path, &del_data_field, change, error);

  data_path = kasir_protocol_join_path (path, field->name);
  return kasir_field_decode (obj, path, &put_data_field, change, error) &&
         check_entity_data (change, json_node_get_object (change->data), data_path, error);
}

static const KasirFieldCodec change_data_codec = { encode_change_data, decode_change_data };

static const KasirFieldSpec change_fields[] = {
  KASIR_F_CHOICE (KasirChange, entity, "entity", entities, "unknown entity"),
  KASIR_F_CUSTOM_OWNING (KasirChange, id, "id", &change_id_codec, NULL, KASIR_FIELD_STRING),
  KASIR_F_ENUM (KasirChange, deleted, "op", &change_op_codec, "must be \"put\" or \"del\""),
  KASIR_F_CUSTOM_OWNING (KasirChange, data, "data", &change_data_codec, NULL,
                         KASIR_FIELD_OBJECT),
};

const KasirRecordSpec kasir_change_record =
  KASIR_RECORD ("change", change_fields, kasir_change_new, kasir_change_free, NULL);

void
kasir_change_free (KasirChange *self)
{
  if (self != NULL && self->entity_data != NULL && self->entity_data_free != NULL)
    self->entity_data_free (self->entity_data);
  kasir_record_free (&kasir_change_record, self);
}

static const KasirFieldSpec pull_response_fields[] = {
  KASIR_F_ARRAY (KasirPullResponse, changes, "changes", &kasir_change_record,
                 KASIR_PROTOCOL_MAX_CHANGES, KASIR_FIELD_REQUIRED),
  KASIR_F_COUNT (KasirPullResponse, cursor, "cursor"),
  KASIR_F_BOOL (KasirPullResponse, has_more, "has_more", KASIR_FIELD_REQUIRED, FALSE),
  KASIR_F_INT (KasirPullResponse, last_seq, "last_seq", 0, G_MAXINT64, KASIR_FIELD_OPTIONAL),
  KASIR_F_BOOL (KasirPullResponse, reset, "reset", KASIR_FIELD_OPTIONAL, FALSE),
  KASIR_F_INT (KasirPullResponse, head, "head", 0, G_MAXINT64,
               KASIR_FIELD_OPTIONAL | KASIR_FIELD_OMIT_EMPTY),
};

const KasirRecordSpec kasir_pull_response_record =
  KASIR_RECORD ("pull-response", pull_response_fields, kasir_pull_response_new,
                kasir_pull_response_free, NULL);

void
kasir_pull_response_free (KasirPullResponse *self)
{
  kasir_record_free (&kasir_pull_response_record, self);
}

guint
kasir_pull_response_drop_decoded_data (KasirPullResponse *resp)
{
  guint dropped = 0;

  g_return_val_if_fail (resp != NULL, 0);

  for (guint i = 0; i < resp->changes->len; i++)
    {
      KasirChange *change = resp->changes->pdata[i];

      if (change->entity_data != NULL && change->data != NULL)
        {
          g_clear_pointer (&change->data, json_node_unref);
          dropped++;
        }
    }
  return dropped;
}

JsonNode *
kasir_protocol_encode_pull_response (const KasirPullResponse *resp)
{
  g_return_val_if_fail (resp != NULL, NULL);

  return kasir_record_encode (&kasir_pull_response_record, resp);
}

KasirPullResponse *
kasir_protocol_decode_pull_response (JsonNode  *node,
                                     GError   **error)
{
  return kasir_record_decode (&kasir_pull_response_record, node, error);
}

/* ------------------------------------------------------------------------------------ */
/* Every table                                                                          */
/* ------------------------------------------------------------------------------------ */

static const KasirRecordSpec * const all_records[] = {
  &error_record, &error_inner_record, &health_record, &enroll_request_record,
  &enroll_response_record, &kasir_mutation_record, &kasir_push_request_record, &push_result_record,
  &push_response_record, &kasir_change_record, &kasir_pull_response_record,
  &kasir_product_record, &kasir_category_record, &kasir_stock_record, &kasir_customer_record,
  &kasir_staff_record, &kasir_shift_record, &kasir_conflict_record,
  &kasir_sale_record, &kasir_sale_line_record, &kasir_sale_payment_record,
  &kasir_refund_record, &kasir_refund_line_record, &kasir_refund_payment_record,
  &kasir_shift_open_record, &kasir_shift_close_record, &kasir_shift_payment_record,
  &kasir_shift_cash_record,
  &kasir_product_update_record, &kasir_customer_upsert_record, &kasir_stock_adjust_record,
  &kasir_conflict_resolve_record,
  &kasir_modifier_group_record, &kasir_modifier_option_record, &kasir_sale_line_option_record,
  &kasir_order_open_record, &kasir_order_add_record, &kasir_order_item_record,
  &kasir_product_modifiers_record, &kasir_modifier_base_record,
  &kasir_order_cancel_record,
};

const KasirRecordSpec * const *
kasir_protocol_record_specs (guint *n_specs)
{
  *n_specs = G_N_ELEMENTS (all_records);
  return all_records;
}
