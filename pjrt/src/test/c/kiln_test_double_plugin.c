/*
 * A TEST DOUBLE of a PJRT plugin, for Kiln's tests only: it is not a device and runs no XLA.
 * It implements the few entry points the binding calls, on host memory, with one fake device.
 * Its "programs" are one line of text instead of HLO (format "hlo" or "mlir" accepted):
 *   add_one N        N inputs; input i gives output i = input i + 1, aliased to (donating) it
 *   kiln_step K V    K batch inputs, then V variables; outputs: loss_sum (f32),
 *                    correct (f32), weight (f32), then variable j + 1, aliased to its input.
 *                    loss_sum = sum(input 0) + sum_j (j + 1) * sum(variable j), so that the
 *                    order of the variables shows in the loss; correct = 0; weight = size of
 *                    input 0.
 *   fail_execute N   N inputs and outputs; compiles, but its execution ends in an INTERNAL error
 * Anything else fails to compile with INVALID_ARGUMENT. The attribute
 * "kiln_test_double_live_objects" counts the objects the caller has not yet freed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kiln_pjrt_api.h"

struct PJRT_Error { int code; char message[256]; };
struct PJRT_Event { int code; char message[256]; };
struct PJRT_Client { int unused; };
struct PJRT_Device { int unused; };
struct PJRT_DeviceDescription { int id; };
enum program_kind { ADD_ONE, KILN_STEP, FAIL_EXECUTE };
struct PJRT_LoadedExecutable { enum program_kind kind; int batch_inputs; int num_args; int num_outputs; };
struct PJRT_Executable { PJRT_LoadedExecutable *loaded; };
struct PJRT_Buffer { int type; int64_t dims[8]; size_t num_dims; size_t size; void *data; int deleted; };

static long live_objects = 0;
static struct PJRT_Device the_device;
static struct PJRT_DeviceDescription the_description = {0};
static PJRT_Device *devices[1] = {&the_device};

static void *counted(size_t size) {
  void *p = calloc(1, size);
  if (p != NULL) live_objects++;
  return p;
}
static void uncounted(void *p) {
  if (p == NULL) return;
  free(p);
  live_objects--;
}

static PJRT_Error *error(int code, const char *message) {
  PJRT_Error *e = counted(sizeof *e);
  e->code = code;
  snprintf(e->message, sizeof e->message, "%s", message);
  return e;
}

static PJRT_Event *event(int code, const char *message) {
  PJRT_Event *e = counted(sizeof *e);
  e->code = code;
  snprintf(e->message, sizeof e->message, "%s", message != NULL ? message : "");
  return e;
}

static void error_destroy(void *a) { uncounted(((KP_ErrorDestroyArgs *)a)->error); }
static void error_message(void *a) {
  KP_ErrorMessageArgs *args = a;
  args->message = args->error->message;
  args->message_size = strlen(args->error->message);
}
static PJRT_Error *error_get_code(void *a) {
  KP_ErrorGetCodeArgs *args = a;
  args->code = args->error->code;
  return NULL;
}

static PJRT_Error *plugin_initialize(void *a) { return NULL; }

static KP_NamedValue attributes[1];
static PJRT_Error *plugin_attributes(void *a) {
  KP_PluginAttributesArgs *args = a;
  attributes[0].struct_size = sizeof attributes[0];
  attributes[0].name = "kiln_test_double_live_objects";
  attributes[0].name_size = strlen(attributes[0].name);
  attributes[0].type = 1;
  attributes[0].int64_value = live_objects;
  attributes[0].value_size = 1;
  args->attributes = attributes;
  args->num_attributes = 1;
  return NULL;
}

static PJRT_Error *event_destroy(void *a) { uncounted(((KP_EventArgs *)a)->event); return NULL; }
static PJRT_Error *event_await(void *a) {
  PJRT_Event *e = ((KP_EventArgs *)a)->event;
  return e->code == 0 ? NULL : error(e->code, e->message);
}

static PJRT_Error *client_create(void *a) {
  KP_ClientCreateArgs *args = a;
  args->client = counted(sizeof *args->client);
  return NULL;
}
static PJRT_Error *client_destroy(void *a) { uncounted(((KP_ClientDestroyArgs *)a)->client); return NULL; }
static PJRT_Error *platform_name(void *a) {
  KP_ClientStringArgs *args = a;
  args->text = "kiln-test-double";
  args->text_size = strlen(args->text);
  return NULL;
}
static PJRT_Error *platform_version(void *a) {
  KP_ClientStringArgs *args = a;
  args->text = "test double, not a device";
  args->text_size = strlen(args->text);
  return NULL;
}
static PJRT_Error *addressable_devices(void *a) {
  KP_ClientDevicesArgs *args = a;
  args->devices = devices;
  args->num_devices = 1;
  return NULL;
}
static PJRT_Error *device_get_description(void *a) {
  ((KP_DeviceGetDescriptionArgs *)a)->description = &the_description;
  return NULL;
}
static PJRT_Error *description_id(void *a) { ((KP_DescriptionIdArgs *)a)->id = 0; return NULL; }
static PJRT_Error *description_kind(void *a) {
  KP_DescriptionKindArgs *args = a;
  args->kind = "kiln test double";
  args->kind_size = strlen(args->kind);
  return NULL;
}

static PJRT_Error *compile(void *a) {
  KP_ClientCompileArgs *args = a;
  const KP_Program *p = args->program;
  if (!(p->format_size == 3 && memcmp(p->format, "hlo", 3) == 0) &&
      !(p->format_size == 4 && memcmp(p->format, "mlir", 4) == 0))
    return error(3, "test double: unknown program format");
  char text[64] = {0};
  memcpy(text, p->code, p->code_size < sizeof text - 1 ? p->code_size : sizeof text - 1);
  PJRT_LoadedExecutable *e = counted(sizeof *e);
  int variables = 0;
  if (sscanf(text, "add_one %d", &e->num_args) == 1) {
    e->kind = ADD_ONE;
    e->num_outputs = e->num_args;
  } else if (sscanf(text, "kiln_step %d %d", &e->batch_inputs, &variables) == 2) {
    e->kind = KILN_STEP;
    e->num_args = e->batch_inputs + variables;
    e->num_outputs = 3 + variables;
  } else if (sscanf(text, "fail_execute %d", &e->num_args) == 1) {
    e->kind = FAIL_EXECUTE;
    e->num_outputs = e->num_args;
  } else {
    uncounted(e);
    char message[200];
    snprintf(message, sizeof message, "test double: cannot compile program '%.40s'", text);
    return error(3, message);
  }
  args->executable = e;
  return NULL;
}

static PJRT_Error *loaded_destroy(void *a) { uncounted(((KP_LoadedExecutableDestroyArgs *)a)->executable); return NULL; }
static PJRT_Error *get_executable(void *a) {
  KP_GetExecutableArgs *args = a;
  args->executable = counted(sizeof *args->executable);
  args->executable->loaded = args->loaded;
  return NULL;
}
static PJRT_Error *executable_destroy(void *a) { uncounted(((KP_ExecutableDestroyArgs *)a)->executable); return NULL; }

static size_t width(int type) {
  switch (type) {
    case KP_S32: case KP_F32: return 4;
    case KP_S64: case KP_F64: return 8;
    default: return 0;
  }
}

static PJRT_Buffer *new_buffer(int type, const int64_t *dims, size_t num_dims) {
  PJRT_Buffer *b = counted(sizeof *b);
  b->type = type;
  b->num_dims = num_dims;
  size_t n = 1;
  for (size_t i = 0; i < num_dims; i++) { b->dims[i] = dims[i]; n *= (size_t)dims[i]; }
  b->size = n * width(type);
  b->data = malloc(b->size > 0 ? b->size : 1);
  return b;
}

static size_t count(const PJRT_Buffer *b) { return b->size / width(b->type); }

static double element(const PJRT_Buffer *b, size_t i) {
  switch (b->type) {
    case KP_S32: return ((int32_t *)b->data)[i];
    case KP_S64: return (double)((int64_t *)b->data)[i];
    case KP_F32: return ((float *)b->data)[i];
    default: return ((double *)b->data)[i];
  }
}

static void add_one_in_place(PJRT_Buffer *b) {
  for (size_t i = 0; i < count(b); i++) {
    switch (b->type) {
      case KP_S32: ((int32_t *)b->data)[i] += 1; break;
      case KP_S64: ((int64_t *)b->data)[i] += 1; break;
      case KP_F32: ((float *)b->data)[i] += 1; break;
      default: ((double *)b->data)[i] += 1; break;
    }
  }
}

static PJRT_Buffer *scalar(float value) {
  PJRT_Buffer *b = new_buffer(KP_F32, NULL, 0);
  *(float *)b->data = value;
  return b;
}

static int kept(const KP_ExecuteOptions *o, size_t i) {
  for (size_t k = 0; o != NULL && k < o->num_non_donatable_input_indices; k++)
    if ((size_t)o->non_donatable_input_indices[k] == i) return 1;
  return 0;
}

/* Output aliased to input i: takes over its storage (donation) unless the caller kept it. */
static PJRT_Buffer *alias_plus_one(PJRT_Buffer *in, int keep) {
  PJRT_Buffer *out = new_buffer(in->type, in->dims, in->num_dims);
  if (keep) {
    memcpy(out->data, in->data, in->size);
  } else {
    free(out->data);
    out->data = in->data;
    in->data = NULL;
    in->deleted = 1;
  }
  add_one_in_place(out);
  return out;
}

static PJRT_Error *execute(void *a) {
  KP_ExecuteArgs *args = a;
  PJRT_LoadedExecutable *e = args->executable;
  if (args->num_devices != 1) return error(3, "test double: one device only");
  if (args->num_args != (size_t)e->num_args) {
    char message[120];
    snprintf(message, sizeof message, "test double: the program takes %d arguments, got %zu", e->num_args, args->num_args);
    return error(3, message);
  }
  PJRT_Buffer *const *in = args->argument_lists[0];
  PJRT_Buffer **out = args->output_lists[0];
  for (size_t i = 0; i < args->num_args; i++)
    if (in[i]->deleted) return error(3, "test double: an argument buffer was deleted or donated");
  if (e->kind == FAIL_EXECUTE) {
    if (args->device_complete_events != NULL)
      args->device_complete_events[0] = event(13, "test double: execution failed as the program asks");
    for (int i = 0; i < e->num_outputs; i++) out[i] = scalar(0);
    return NULL;
  }
  if (e->kind == ADD_ONE) {
    for (size_t i = 0; i < args->num_args; i++) out[i] = alias_plus_one(in[i], kept(args->options, i));
  } else {
    size_t k = (size_t)e->batch_inputs;
    double loss = 0;
    for (size_t i = 0; i < count(in[0]); i++) loss += element(in[0], i);
    for (size_t j = 0; k + j < args->num_args; j++) {
      double sum = 0;
      for (size_t i = 0; i < count(in[k + j]); i++) sum += element(in[k + j], i);
      loss += (double)(j + 1) * sum;
    }
    out[0] = scalar((float)loss);
    out[1] = scalar(0);
    out[2] = scalar((float)count(in[0]));
    for (size_t j = 0; k + j < args->num_args; j++) out[3 + j] = alias_plus_one(in[k + j], kept(args->options, k + j));
  }
  if (args->device_complete_events != NULL) args->device_complete_events[0] = event(0, NULL);
  return NULL;
}

static PJRT_Error *num_outputs(void *a) {
  KP_ExecutableNumOutputsArgs *args = a;
  args->num_outputs = (size_t)args->executable->loaded->num_outputs;
  return NULL;
}

static PJRT_Error *buffer_from_host(void *a) {
  KP_BufferFromHostArgs *args = a;
  if (width(args->type) == 0) return error(3, "test double: unsupported element type");
  PJRT_Buffer *b = new_buffer(args->type, args->dims, args->num_dims);
  memcpy(b->data, args->data, b->size);
  args->buffer = b;
  args->done_with_host_buffer = event(0, NULL);
  return NULL;
}

static PJRT_Error *buffer_destroy(void *a) {
  PJRT_Buffer *b = ((KP_BufferArgs *)a)->buffer;
  if (b == NULL) return NULL;
  free(b->data);
  uncounted(b);
  return NULL;
}
static PJRT_Error *buffer_type(void *a) {
  KP_BufferElementTypeArgs *args = a;
  args->type = args->buffer->type;
  return NULL;
}
static PJRT_Error *buffer_dims(void *a) {
  KP_BufferDimensionsArgs *args = a;
  args->dims = args->buffer->dims;
  args->num_dims = args->buffer->num_dims;
  return NULL;
}
static PJRT_Error *buffer_is_deleted(void *a) {
  KP_BufferIsDeletedArgs *args = a;
  args->is_deleted = args->buffer->deleted;
  return NULL;
}
static PJRT_Error *buffer_pointer(void *a) {
  KP_BufferUnsafePointerArgs *args = a;
  args->pointer = (uintptr_t)args->buffer->data;
  return NULL;
}
static PJRT_Error *buffer_to_host(void *a) {
  KP_BufferToHostArgs *args = a;
  PJRT_Buffer *b = args->src;
  if (b->deleted) return error(9, "test double: the buffer was donated or deleted");
  if (args->dst == NULL) {
    args->dst_size = b->size;
    return NULL;
  }
  if (args->dst_size < b->size) return error(3, "test double: destination too small");
  memcpy(args->dst, b->data, b->size);
  args->event = event(0, NULL);
  return NULL;
}

static KP_Api api;

const KP_Api *GetPjrtApi(void) {
  api.struct_size = KP_SIZE(KP_Api, Buffer_UnsafePointer);
  api.pjrt_api_version.struct_size = sizeof api.pjrt_api_version;
  api.pjrt_api_version.major_version = KILN_PJRT_MAJOR;
  api.pjrt_api_version.minor_version = KILN_PJRT_MINOR;
  api.Error_Destroy = error_destroy;
  api.Error_Message = error_message;
  api.Error_GetCode = error_get_code;
  api.Plugin_Initialize = plugin_initialize;
  api.Plugin_Attributes = plugin_attributes;
  api.Event_Destroy = event_destroy;
  api.Event_Await = event_await;
  api.Client_Create = client_create;
  api.Client_Destroy = client_destroy;
  api.Client_PlatformName = platform_name;
  api.Client_PlatformVersion = platform_version;
  api.Client_AddressableDevices = addressable_devices;
  api.Client_Compile = compile;
  api.Client_BufferFromHostBuffer = buffer_from_host;
  api.DeviceDescription_Id = description_id;
  api.DeviceDescription_Kind = description_kind;
  api.Device_GetDescription = device_get_description;
  api.Executable_Destroy = executable_destroy;
  api.Executable_NumOutputs = num_outputs;
  api.LoadedExecutable_Destroy = loaded_destroy;
  api.LoadedExecutable_GetExecutable = get_executable;
  api.LoadedExecutable_Execute = execute;
  api.Buffer_Destroy = buffer_destroy;
  api.Buffer_ElementType = buffer_type;
  api.Buffer_Dimensions = buffer_dims;
  api.Buffer_IsDeleted = buffer_is_deleted;
  api.Buffer_ToHostBuffer = buffer_to_host;
  api.Buffer_UnsafePointer = buffer_pointer;
  return &api;
}
