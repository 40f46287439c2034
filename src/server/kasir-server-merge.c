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
