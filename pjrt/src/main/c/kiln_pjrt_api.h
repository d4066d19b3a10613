/*
 * Kiln's own declarations of the part of the PJRT C API (openxla/xla, xla/pjrt/c/pjrt_c_api.h)
 * that Kiln calls, written from that header at API version 0.94. Only the layout matters: every
 * args struct starts with struct_size and an extension pointer, fields keep the header's order,
 * and the function table keeps its order (unused entries are plain pointers). Shared by the JNI
 * binding and by the test double plugin.
 */
#ifndef KILN_PJRT_API_H
#define KILN_PJRT_API_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define KILN_PJRT_MAJOR 0
#define KILN_PJRT_MINOR 94

/* The size a struct has up to and including its last field, which is what struct_size holds. */
#define KP_SIZE(type, last) (offsetof(type, last) + sizeof(((type *)0)->last))

typedef struct PJRT_Error PJRT_Error;
typedef struct PJRT_Event PJRT_Event;
typedef struct PJRT_Client PJRT_Client;
typedef struct PJRT_Device PJRT_Device;
typedef struct PJRT_DeviceDescription PJRT_DeviceDescription;
typedef struct PJRT_Executable PJRT_Executable;
typedef struct PJRT_LoadedExecutable PJRT_LoadedExecutable;
typedef struct PJRT_Buffer PJRT_Buffer;

/* Every args struct begins with these two fields. */
#define KP_HEAD size_t struct_size; void *extension_start

typedef struct { KP_HEAD; int major_version; int minor_version; } KP_ApiVersion;

typedef struct { KP_HEAD; PJRT_Error *error; } KP_ErrorDestroyArgs;
typedef struct { KP_HEAD; const PJRT_Error *error; const char *message; size_t message_size; } KP_ErrorMessageArgs;
typedef struct { KP_HEAD; const PJRT_Error *error; int code; } KP_ErrorGetCodeArgs;

/* PJRT_NamedValue: type 0 string, 1 int64, 2 int64 list, 3 float, 4 bool. */
typedef struct {
  KP_HEAD;
  const char *name; size_t name_size;
  int type;
  union { const char *string_value; int64_t int64_value; const int64_t *int64_array_value; float float_value; bool bool_value; };
  size_t value_size;
} KP_NamedValue;

typedef struct { KP_HEAD; } KP_PluginInitializeArgs;
typedef struct { KP_HEAD; const KP_NamedValue *attributes; size_t num_attributes; } KP_PluginAttributesArgs;

typedef struct { KP_HEAD; PJRT_Event *event; } KP_EventArgs; /* Destroy, Await */

typedef struct {
  KP_HEAD;
  const KP_NamedValue *create_options; size_t num_options;
  void *kv_get_callback; void *kv_get_user_arg;
  void *kv_put_callback; void *kv_put_user_arg;
  PJRT_Client *client; /* out */
  void *kv_try_get_callback; void *kv_try_get_user_arg;
} KP_ClientCreateArgs;

typedef struct { KP_HEAD; PJRT_Client *client; } KP_ClientDestroyArgs;
typedef struct { KP_HEAD; PJRT_Client *client; const char *text; size_t text_size; } KP_ClientStringArgs; /* PlatformName, PlatformVersion */
typedef struct { KP_HEAD; PJRT_Client *client; PJRT_Device *const *devices; size_t num_devices; } KP_ClientDevicesArgs;

typedef struct { KP_HEAD; char *code; size_t code_size; const char *format; size_t format_size; } KP_Program;
typedef struct {
  KP_HEAD;
  PJRT_Client *client;
  const KP_Program *program;
  const char *compile_options; size_t compile_options_size;
  PJRT_LoadedExecutable *executable; /* out */
} KP_ClientCompileArgs;

typedef struct {
  KP_HEAD;
  PJRT_Client *client;
  const void *data;
  int type;
  const int64_t *dims; size_t num_dims;
  const int64_t *byte_strides; size_t num_byte_strides;
  int host_buffer_semantics;
  PJRT_Device *device;
  void *memory;
  void *device_layout;
  PJRT_Event *done_with_host_buffer; /* out */
  PJRT_Buffer *buffer; /* out */
} KP_BufferFromHostArgs;

typedef struct { KP_HEAD; PJRT_DeviceDescription *description; int id; } KP_DescriptionIdArgs;
typedef struct { KP_HEAD; PJRT_DeviceDescription *description; const char *kind; size_t kind_size; } KP_DescriptionKindArgs;
typedef struct { KP_HEAD; PJRT_Device *device; PJRT_DeviceDescription *description; } KP_DeviceGetDescriptionArgs;

typedef struct { KP_HEAD; PJRT_Executable *executable; } KP_ExecutableDestroyArgs;
typedef struct { KP_HEAD; PJRT_Executable *executable; size_t num_outputs; } KP_ExecutableNumOutputsArgs;
typedef struct { KP_HEAD; PJRT_LoadedExecutable *executable; } KP_LoadedExecutableDestroyArgs;
typedef struct { KP_HEAD; PJRT_LoadedExecutable *loaded; PJRT_Executable *executable; } KP_GetExecutableArgs;

typedef struct {
  KP_HEAD;
  void **send_callbacks; void **recv_callbacks;
  size_t num_send_ops; size_t num_recv_ops;
  int launch_id;
  const int64_t *non_donatable_input_indices; size_t num_non_donatable_input_indices;
  void *context;
  const char *call_location;
  size_t num_tasks; int *task_ids; int64_t *incarnation_ids;
} KP_ExecuteOptions;

typedef struct {
  KP_HEAD;
  PJRT_LoadedExecutable *executable;
  KP_ExecuteOptions *options;
  PJRT_Buffer *const *const *argument_lists;
  size_t num_devices; size_t num_args;
  PJRT_Buffer **const *output_lists;
  PJRT_Event **device_complete_events;
  PJRT_Device *execute_device;
} KP_ExecuteArgs;

typedef struct { KP_HEAD; PJRT_Buffer *buffer; } KP_BufferArgs; /* Destroy */
typedef struct { KP_HEAD; PJRT_Buffer *buffer; int type; } KP_BufferElementTypeArgs;
typedef struct { KP_HEAD; PJRT_Buffer *buffer; const int64_t *dims; size_t num_dims; } KP_BufferDimensionsArgs;
typedef struct { KP_HEAD; PJRT_Buffer *buffer; bool is_deleted; } KP_BufferIsDeletedArgs;
typedef struct { KP_HEAD; PJRT_Buffer *src; void *host_layout; void *dst; size_t dst_size; PJRT_Event *event; } KP_BufferToHostArgs;
typedef struct { KP_HEAD; PJRT_Buffer *buffer; uintptr_t pointer; } KP_BufferUnsafePointerArgs;

typedef void KP_VoidFn(void *args);
typedef PJRT_Error *KP_Fn(void *args);

/* The function table, in the header's order, up to the last entry Kiln uses. */
typedef struct {
  size_t struct_size;
  void *extension_start;
  KP_ApiVersion pjrt_api_version;
  KP_VoidFn *Error_Destroy;                  /* 0 */
  KP_VoidFn *Error_Message;
  KP_Fn *Error_GetCode;
  KP_Fn *Plugin_Initialize;
  KP_Fn *Plugin_Attributes;
  KP_Fn *Event_Destroy;                      /* 5 */
  KP_Fn *Event_IsReady;
  KP_Fn *Event_Error;
  KP_Fn *Event_Await;
  KP_Fn *Event_OnReady;
  KP_Fn *Client_Create;                      /* 10 */
  KP_Fn *Client_Destroy;
  KP_Fn *Client_PlatformName;
  KP_Fn *Client_ProcessIndex;
  KP_Fn *Client_PlatformVersion;
  KP_Fn *Client_Devices;                     /* 15 */
  KP_Fn *Client_AddressableDevices;
  KP_Fn *Client_LookupDevice;
  KP_Fn *Client_LookupAddressableDevice;
  KP_Fn *Client_AddressableMemories;
  KP_Fn *Client_Compile;                     /* 20 */
  KP_Fn *Client_DefaultDeviceAssignment;
  KP_Fn *Client_BufferFromHostBuffer;
  KP_Fn *DeviceDescription_Id;
  KP_Fn *DeviceDescription_ProcessIndex;
  KP_Fn *DeviceDescription_Attributes;       /* 25 */
  KP_Fn *DeviceDescription_Kind;
  KP_Fn *DeviceDescription_DebugString;
  KP_Fn *DeviceDescription_ToString;
  KP_Fn *Device_GetDescription;
  KP_Fn *Device_IsAddressable;               /* 30 */
  KP_Fn *Device_LocalHardwareId;
  KP_Fn *Device_AddressableMemories;
  KP_Fn *Device_DefaultMemory;
  KP_Fn *Device_MemoryStats;
  KP_Fn *Memory_Id;                          /* 35 */
  KP_Fn *Memory_Kind;
  KP_Fn *Memory_DebugString;
  KP_Fn *Memory_ToString;
  KP_Fn *Memory_AddressableByDevices;
  KP_Fn *Executable_Destroy;                 /* 40 */
  KP_Fn *Executable_Name;
  KP_Fn *Executable_NumReplicas;
  KP_Fn *Executable_NumPartitions;
  KP_Fn *Executable_NumOutputs;
  KP_Fn *Executable_SizeOfGeneratedCodeInBytes; /* 45 */
  KP_Fn *Executable_GetCostAnalysis;
  KP_Fn *Executable_OutputMemoryKinds;
  KP_Fn *Executable_OptimizedProgram;
  KP_Fn *Executable_Serialize;
  KP_Fn *LoadedExecutable_Destroy;           /* 50 */
  KP_Fn *LoadedExecutable_GetExecutable;
  KP_Fn *LoadedExecutable_AddressableDevices;
  KP_Fn *LoadedExecutable_Delete;
  KP_Fn *LoadedExecutable_IsDeleted;
  KP_Fn *LoadedExecutable_Execute;           /* 55 */
  KP_Fn *Executable_DeserializeAndLoad;
  KP_Fn *LoadedExecutable_Fingerprint;
  KP_Fn *Buffer_Destroy;
  KP_Fn *Buffer_ElementType;
  KP_Fn *Buffer_Dimensions;                  /* 60 */
  KP_Fn *Buffer_UnpaddedDimensions;
  KP_Fn *Buffer_DynamicDimensionIndices;
  KP_Fn *Buffer_GetMemoryLayout;
  KP_Fn *Buffer_OnDeviceSizeInBytes;
  KP_Fn *Buffer_Device;                      /* 65 */
  KP_Fn *Buffer_Memory;
  KP_Fn *Buffer_Delete;
  KP_Fn *Buffer_IsDeleted;
  KP_Fn *Buffer_CopyToDevice;
  KP_Fn *Buffer_ToHostBuffer;                /* 70 */
  KP_Fn *Buffer_IsOnCpu;
  KP_Fn *Buffer_ReadyEvent;
  KP_Fn *Buffer_UnsafePointer;               /* 73: the last entry Kiln uses */
} KP_Api;

/* Buffer element types (PJRT_Buffer_Type) Kiln's programs use. */
enum { KP_PRED = 1, KP_S8 = 2, KP_S16 = 3, KP_S32 = 4, KP_S64 = 5, KP_U8 = 6, KP_F16 = 10, KP_F32 = 11, KP_F64 = 12, KP_BF16 = 13 };

/* PJRT_HostBufferSemantics_kImmutableOnlyDuringCall: the plugin copies during the call. */
enum { KP_IMMUTABLE_ONLY_DURING_CALL = 0 };

#endif
