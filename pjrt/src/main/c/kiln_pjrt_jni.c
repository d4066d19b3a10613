/*
 * The JNI side of dev.kiln.pjrt.PjrtNative: each function fills one PJRT args struct, calls the
 * plugin and turns a returned PJRT_Error into a dev.kiln.pjrt.PjrtException carrying the plugin's
 * message and code (the error is destroyed here). Handles cross into Java as jlong.
 */
#include <dlfcn.h>
#include <jni.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kiln_pjrt_api.h"

#define API(h) ((const KP_Api *)(intptr_t)(h))
#define PTR(type, h) ((type *)(intptr_t)(h))
#define ARGS(type, name) type name; memset(&name, 0, sizeof name); name.struct_size = sizeof name

/* Throws PjrtException(call, code, message); code -1 when the failure is Kiln's, not the plugin's. */
static void throw_pjrt(JNIEnv *env, const char *call, int code, const char *message) {
  jclass cls = (*env)->FindClass(env, "dev/kiln/pjrt/PjrtException");
  if (cls == NULL) return;
  jmethodID ctor = (*env)->GetMethodID(env, cls, "<init>", "(Ljava/lang/String;ILjava/lang/String;)V");
  if (ctor == NULL) return;
  jstring jcall = (*env)->NewStringUTF(env, call);
  jstring jmessage = (*env)->NewStringUTF(env, message);
  jobject ex = (*env)->NewObject(env, cls, ctor, jcall, (jint)code, jmessage);
  if (ex != NULL) (*env)->Throw(env, (jthrowable)ex);
}

/* Consumes `err`: reads its message and code, destroys it, throws. Returns 1 if it threw. */
static int check(JNIEnv *env, const KP_Api *api, PJRT_Error *err, const char *call) {
  if (err == NULL) return 0;
  ARGS(KP_ErrorMessageArgs, msg);
  msg.error = err;
  api->Error_Message(&msg);
  int code = 2; /* UNKNOWN */
  ARGS(KP_ErrorGetCodeArgs, get_code);
  get_code.error = err;
  PJRT_Error *code_err = api->Error_GetCode(&get_code);
  if (code_err == NULL) {
    code = get_code.code;
  } else {
    ARGS(KP_ErrorDestroyArgs, destroy_code_err);
    destroy_code_err.error = code_err;
    api->Error_Destroy(&destroy_code_err);
  }
  size_t n = msg.message != NULL ? msg.message_size : 0;
  char *text = malloc(n + 1);
  if (text != NULL) {
    if (n > 0) memcpy(text, msg.message, n);
    text[n] = '\0';
  }
  ARGS(KP_ErrorDestroyArgs, destroy);
  destroy.error = err;
  api->Error_Destroy(&destroy);
  throw_pjrt(env, call, code, text != NULL ? text : "(out of memory reading the message)");
  free(text);
  return 1;
}

/* Refuses a table entry the plugin left empty. Returns 1 if it threw. */
static int missing(JNIEnv *env, const void *fn, const char *call) {
  if (fn != NULL) return 0;
  throw_pjrt(env, call, -1, "the plugin does not implement this entry point");
  return 1;
}

static jstring new_string(JNIEnv *env, const char *s, size_t n) {
  char *text = malloc(n + 1);
  if (text == NULL) return NULL;
  memcpy(text, s, n);
  text[n] = '\0';
  jstring result = (*env)->NewStringUTF(env, text);
  free(text);
  return result;
}

/* Waits for `event`, destroys it, and throws the event's error if it carried one. */
static int await_and_destroy(JNIEnv *env, const KP_Api *api, PJRT_Event *event, const char *call) {
  if (event == NULL) return 0;
  ARGS(KP_EventArgs, await);
  await.event = event;
  PJRT_Error *err = api->Event_Await(&await);
  ARGS(KP_EventArgs, destroy);
  destroy.event = event;
  PJRT_Error *destroy_err = api->Event_Destroy(&destroy);
  if (check(env, api, err, call)) {
    if (destroy_err != NULL) {
      ARGS(KP_ErrorDestroyArgs, d);
      d.error = destroy_err;
      api->Error_Destroy(&d);
    }
    return 1;
  }
  return check(env, api, destroy_err, "PJRT_Event_Destroy");
}

#define JNI_FN(ret, name) JNIEXPORT ret JNICALL Java_dev_kiln_pjrt_PjrtNative_##name

JNI_FN(jlong, load)(JNIEnv *env, jclass cls, jstring jpath) {
  const char *path = (*env)->GetStringUTFChars(env, jpath, NULL);
  if (path == NULL) return 0;
  /* Plugins stay loaded for the life of the process, as in JAX: unloading one is not supported. */
  void *lib = dlopen(path, RTLD_NOW | RTLD_LOCAL);
  (*env)->ReleaseStringUTFChars(env, jpath, path);
  if (lib == NULL) {
    throw_pjrt(env, "dlopen", -1, dlerror());
    return 0;
  }
  const KP_Api *(*get_api)(void) = (const KP_Api *(*)(void))dlsym(lib, "GetPjrtApi");
  if (get_api == NULL) {
    throw_pjrt(env, "dlsym", -1, "the library exports no GetPjrtApi: not a PJRT plugin");
    return 0;
  }
  const KP_Api *api = get_api();
  if (api == NULL) {
    throw_pjrt(env, "GetPjrtApi", -1, "GetPjrtApi returned no API table");
    return 0;
  }
  return (jlong)(intptr_t)api;
}

/* {struct_size of the table, major, minor, struct_size Kiln needs} */
JNI_FN(jlongArray, apiVersion)(JNIEnv *env, jclass cls, jlong h) {
  const KP_Api *api = API(h);
  jlong values[4] = {(jlong)api->struct_size, api->pjrt_api_version.major_version,
                     api->pjrt_api_version.minor_version, (jlong)KP_SIZE(KP_Api, Buffer_UnsafePointer)};
  jlongArray result = (*env)->NewLongArray(env, 4);
  if (result != NULL) (*env)->SetLongArrayRegion(env, result, 0, 4, values);
  return result;
}

JNI_FN(void, initialize)(JNIEnv *env, jclass cls, jlong h) {
  const KP_Api *api = API(h);
  if (missing(env, api->Plugin_Initialize, "PJRT_Plugin_Initialize")) return;
  ARGS(KP_PluginInitializeArgs, args);
  check(env, api, api->Plugin_Initialize(&args), "PJRT_Plugin_Initialize");
}

/* Attributes as "name=value" strings (lists as comma-separated values). */
JNI_FN(jobjectArray, attributes)(JNIEnv *env, jclass cls, jlong h) {
  const KP_Api *api = API(h);
  if (missing(env, api->Plugin_Attributes, "PJRT_Plugin_Attributes")) return NULL;
  ARGS(KP_PluginAttributesArgs, args);
  if (check(env, api, api->Plugin_Attributes(&args), "PJRT_Plugin_Attributes")) return NULL;
  jobjectArray result = (*env)->NewObjectArray(env, (jsize)args.num_attributes,
                                               (*env)->FindClass(env, "java/lang/String"), NULL);
  if (result == NULL) return NULL;
  for (size_t i = 0; i < args.num_attributes; i++) {
    const KP_NamedValue *v = &args.attributes[i];
    size_t cap = v->name_size + 64 + (v->type == 0 ? v->value_size : 0) + (v->type == 2 ? 24 * v->value_size : 0);
    char *text = malloc(cap);
    if (text == NULL) return NULL;
    int n = snprintf(text, cap, "%.*s=", (int)v->name_size, v->name);
    switch (v->type) {
      case 0: n += snprintf(text + n, cap - n, "%.*s", (int)v->value_size, v->string_value); break;
      case 1: n += snprintf(text + n, cap - n, "%lld", (long long)v->int64_value); break;
      case 2:
        for (size_t j = 0; j < v->value_size; j++)
          n += snprintf(text + n, cap - n, j == 0 ? "%lld" : ",%lld", (long long)v->int64_array_value[j]);
        break;
      case 3: n += snprintf(text + n, cap - n, "%g", (double)v->float_value); break;
      case 4: n += snprintf(text + n, cap - n, "%s", v->bool_value ? "true" : "false"); break;
      default: n += snprintf(text + n, cap - n, "?"); break;
    }
    jstring s = (*env)->NewStringUTF(env, text);
    free(text);
    if (s == NULL) return NULL;
    (*env)->SetObjectArrayElement(env, result, (jsize)i, s);
    (*env)->DeleteLocalRef(env, s);
  }
  return result;
}

JNI_FN(jlong, clientCreate)(JNIEnv *env, jclass cls, jlong h) {
  const KP_Api *api = API(h);
  if (missing(env, api->Client_Create, "PJRT_Client_Create")) return 0;
  ARGS(KP_ClientCreateArgs, args);
  if (check(env, api, api->Client_Create(&args), "PJRT_Client_Create")) return 0;
  return (jlong)(intptr_t)args.client;
}

JNI_FN(void, clientDestroy)(JNIEnv *env, jclass cls, jlong h, jlong client) {
  const KP_Api *api = API(h);
  ARGS(KP_ClientDestroyArgs, args);
  args.client = PTR(PJRT_Client, client);
  check(env, api, api->Client_Destroy(&args), "PJRT_Client_Destroy");
}

/* which: 0 platform name, 1 platform version */
JNI_FN(jstring, clientString)(JNIEnv *env, jclass cls, jlong h, jlong client, jint which) {
  const KP_Api *api = API(h);
  KP_Fn *fn = which == 0 ? api->Client_PlatformName : api->Client_PlatformVersion;
  const char *call = which == 0 ? "PJRT_Client_PlatformName" : "PJRT_Client_PlatformVersion";
  if (missing(env, fn, call)) return NULL;
  ARGS(KP_ClientStringArgs, args);
  args.client = PTR(PJRT_Client, client);
  if (check(env, api, fn(&args), call)) return NULL;
  return new_string(env, args.text, args.text_size);
}

JNI_FN(jlongArray, addressableDevices)(JNIEnv *env, jclass cls, jlong h, jlong client) {
  const KP_Api *api = API(h);
  ARGS(KP_ClientDevicesArgs, args);
  args.client = PTR(PJRT_Client, client);
  if (check(env, api, api->Client_AddressableDevices(&args), "PJRT_Client_AddressableDevices")) return NULL;
  jlongArray result = (*env)->NewLongArray(env, (jsize)args.num_devices);
  if (result == NULL) return NULL;
  for (size_t i = 0; i < args.num_devices; i++) {
    jlong d = (jlong)(intptr_t)args.devices[i];
    (*env)->SetLongArrayRegion(env, result, (jsize)i, 1, &d);
  }
  return result;
}

static PJRT_DeviceDescription *description(JNIEnv *env, const KP_Api *api, jlong device) {
  ARGS(KP_DeviceGetDescriptionArgs, args);
  args.device = PTR(PJRT_Device, device);
  if (check(env, api, api->Device_GetDescription(&args), "PJRT_Device_GetDescription")) return NULL;
  return args.description;
}

JNI_FN(jint, deviceId)(JNIEnv *env, jclass cls, jlong h, jlong device) {
  const KP_Api *api = API(h);
  PJRT_DeviceDescription *d = description(env, api, device);
  if (d == NULL) return -1;
  ARGS(KP_DescriptionIdArgs, args);
  args.description = d;
  if (check(env, api, api->DeviceDescription_Id(&args), "PJRT_DeviceDescription_Id")) return -1;
  return args.id;
}

JNI_FN(jstring, deviceKind)(JNIEnv *env, jclass cls, jlong h, jlong device) {
  const KP_Api *api = API(h);
  PJRT_DeviceDescription *d = description(env, api, device);
  if (d == NULL) return NULL;
  ARGS(KP_DescriptionKindArgs, args);
  args.description = d;
  if (check(env, api, api->DeviceDescription_Kind(&args), "PJRT_DeviceDescription_Kind")) return NULL;
  return new_string(env, args.kind, args.kind_size);
}

JNI_FN(jlong, compile)(JNIEnv *env, jclass cls, jlong h, jlong client, jbyteArray jcode, jstring jformat,
                       jbyteArray joptions) {
  const KP_Api *api = API(h);
  jsize code_size = (*env)->GetArrayLength(env, jcode);
  jsize options_size = (*env)->GetArrayLength(env, joptions);
  jbyte *code = (*env)->GetByteArrayElements(env, jcode, NULL);
  jbyte *options = (*env)->GetByteArrayElements(env, joptions, NULL);
  const char *format = (*env)->GetStringUTFChars(env, jformat, NULL);
  jlong result = 0;
  if (code != NULL && options != NULL && format != NULL) {
    ARGS(KP_Program, program);
    program.code = (char *)code;
    program.code_size = (size_t)code_size;
    program.format = format;
    program.format_size = strlen(format);
    ARGS(KP_ClientCompileArgs, args);
    args.client = PTR(PJRT_Client, client);
    args.program = &program;
    args.compile_options = (const char *)options;
    args.compile_options_size = (size_t)options_size;
    if (!check(env, api, api->Client_Compile(&args), "PJRT_Client_Compile"))
      result = (jlong)(intptr_t)args.executable;
  }
  if (format != NULL) (*env)->ReleaseStringUTFChars(env, jformat, format);
  if (options != NULL) (*env)->ReleaseByteArrayElements(env, joptions, options, JNI_ABORT);
  if (code != NULL) (*env)->ReleaseByteArrayElements(env, jcode, code, JNI_ABORT);
  return result;
}

JNI_FN(void, executableDestroy)(JNIEnv *env, jclass cls, jlong h, jlong executable) {
  const KP_Api *api = API(h);
  ARGS(KP_LoadedExecutableDestroyArgs, args);
  args.executable = PTR(PJRT_LoadedExecutable, executable);
  check(env, api, api->LoadedExecutable_Destroy(&args), "PJRT_LoadedExecutable_Destroy");
}

JNI_FN(jlong, numOutputs)(JNIEnv *env, jclass cls, jlong h, jlong loaded) {
  const KP_Api *api = API(h);
  ARGS(KP_GetExecutableArgs, get);
  get.loaded = PTR(PJRT_LoadedExecutable, loaded);
  if (check(env, api, api->LoadedExecutable_GetExecutable(&get), "PJRT_LoadedExecutable_GetExecutable")) return -1;
  ARGS(KP_ExecutableNumOutputsArgs, args);
  args.executable = get.executable;
  PJRT_Error *err = api->Executable_NumOutputs(&args);
  ARGS(KP_ExecutableDestroyArgs, destroy);
  destroy.executable = get.executable;
  PJRT_Error *destroy_err = api->Executable_Destroy(&destroy);
  if (check(env, api, err, "PJRT_Executable_NumOutputs")) {
    if (destroy_err != NULL) {
      ARGS(KP_ErrorDestroyArgs, d);
      d.error = destroy_err;
      api->Error_Destroy(&d);
    }
    return -1;
  }
  if (check(env, api, destroy_err, "PJRT_Executable_Destroy")) return -1;
  return (jlong)args.num_outputs;
}

/* Runs on one device; returns the output buffers. Inputs the program aliases are donated. */
JNI_FN(jlongArray, execute)(JNIEnv *env, jclass cls, jlong h, jlong executable, jlongArray jargs,
                            jint num_outputs, jlongArray jnon_donatable) {
  const KP_Api *api = API(h);
  jsize num_args = (*env)->GetArrayLength(env, jargs);
  jsize num_keep = (*env)->GetArrayLength(env, jnon_donatable);
  PJRT_Buffer **inputs = calloc(num_args > 0 ? num_args : 1, sizeof *inputs);
  PJRT_Buffer **outputs = calloc(num_outputs > 0 ? num_outputs : 1, sizeof *outputs);
  int64_t *keep = calloc(num_keep > 0 ? num_keep : 1, sizeof *keep);
  jlongArray result = NULL;
  if (inputs == NULL || outputs == NULL || keep == NULL) {
    throw_pjrt(env, "PJRT_LoadedExecutable_Execute", -1, "out of memory");
    goto done;
  }
  jlong *arg_handles = (*env)->GetLongArrayElements(env, jargs, NULL);
  if (arg_handles == NULL) goto done;
  for (jsize i = 0; i < num_args; i++) inputs[i] = PTR(PJRT_Buffer, arg_handles[i]);
  (*env)->ReleaseLongArrayElements(env, jargs, arg_handles, JNI_ABORT);
  jlong *keep_indices = (*env)->GetLongArrayElements(env, jnon_donatable, NULL);
  if (keep_indices == NULL) goto done;
  for (jsize i = 0; i < num_keep; i++) keep[i] = keep_indices[i];
  (*env)->ReleaseLongArrayElements(env, jnon_donatable, keep_indices, JNI_ABORT);

  ARGS(KP_ExecuteOptions, options);
  options.non_donatable_input_indices = num_keep > 0 ? keep : NULL;
  options.num_non_donatable_input_indices = (size_t)num_keep;
  PJRT_Buffer *const *argument_lists[1] = {inputs};
  PJRT_Buffer **output_lists[1] = {outputs};
  PJRT_Event *complete[1] = {NULL};
  ARGS(KP_ExecuteArgs, args);
  args.executable = PTR(PJRT_LoadedExecutable, executable);
  args.options = &options;
  args.argument_lists = argument_lists;
  args.num_devices = 1;
  args.num_args = (size_t)num_args;
  args.output_lists = output_lists;
  args.device_complete_events = complete;
  if (check(env, api, api->LoadedExecutable_Execute(&args), "PJRT_LoadedExecutable_Execute")) goto done;
  int failed = await_and_destroy(env, api, complete[0], "PJRT_LoadedExecutable_Execute (completion event)");
  if (failed) {
    /* The outputs exist but hold the error: free them so nothing leaks. */
    for (jint i = 0; i < num_outputs; i++) {
      if (outputs[i] == NULL) continue;
      ARGS(KP_BufferArgs, d);
      d.buffer = outputs[i];
      PJRT_Error *e = api->Buffer_Destroy(&d);
      if (e != NULL) { ARGS(KP_ErrorDestroyArgs, de); de.error = e; api->Error_Destroy(&de); }
    }
    goto done;
  }
  result = (*env)->NewLongArray(env, num_outputs);
  for (jint i = 0; result != NULL && i < num_outputs; i++) {
    jlong handle = (jlong)(intptr_t)outputs[i];
    (*env)->SetLongArrayRegion(env, result, i, 1, &handle);
  }
done:
  free(keep);
  free(outputs);
  free(inputs);
  return result;
}

JNI_FN(jlong, bufferFromHost)(JNIEnv *env, jclass cls, jlong h, jlong client, jlong device, jbyteArray jdata,
                              jint type, jlongArray jdims) {
  const KP_Api *api = API(h);
  jsize num_dims = (*env)->GetArrayLength(env, jdims);
  int64_t dims[num_dims > 0 ? num_dims : 1];
  (*env)->GetLongArrayRegion(env, jdims, 0, num_dims, (jlong *)dims);
  jbyte *data = (*env)->GetByteArrayElements(env, jdata, NULL);
  if (data == NULL) return 0;
  ARGS(KP_BufferFromHostArgs, args);
  args.client = PTR(PJRT_Client, client);
  args.data = data;
  args.type = type;
  args.dims = dims;
  args.num_dims = (size_t)num_dims;
  args.host_buffer_semantics = KP_IMMUTABLE_ONLY_DURING_CALL;
  args.device = PTR(PJRT_Device, device);
  jlong result = 0;
  if (!check(env, api, api->Client_BufferFromHostBuffer(&args), "PJRT_Client_BufferFromHostBuffer")) {
    /* The host array is released only once the plugin says it is done with it. */
    if (await_and_destroy(env, api, args.done_with_host_buffer, "PJRT_Client_BufferFromHostBuffer (host buffer event)")) {
      ARGS(KP_BufferArgs, d);
      d.buffer = args.buffer;
      PJRT_Error *e = api->Buffer_Destroy(&d);
      if (e != NULL) { ARGS(KP_ErrorDestroyArgs, de); de.error = e; api->Error_Destroy(&de); }
    } else {
      result = (jlong)(intptr_t)args.buffer;
    }
  }
  (*env)->ReleaseByteArrayElements(env, jdata, data, JNI_ABORT);
  return result;
}

JNI_FN(void, bufferDestroy)(JNIEnv *env, jclass cls, jlong h, jlong buffer) {
  const KP_Api *api = API(h);
  ARGS(KP_BufferArgs, args);
  args.buffer = PTR(PJRT_Buffer, buffer);
  check(env, api, api->Buffer_Destroy(&args), "PJRT_Buffer_Destroy");
}

JNI_FN(jboolean, bufferIsDeleted)(JNIEnv *env, jclass cls, jlong h, jlong buffer) {
  const KP_Api *api = API(h);
  ARGS(KP_BufferIsDeletedArgs, args);
  args.buffer = PTR(PJRT_Buffer, buffer);
  if (check(env, api, api->Buffer_IsDeleted(&args), "PJRT_Buffer_IsDeleted")) return JNI_FALSE;
  return args.is_deleted ? JNI_TRUE : JNI_FALSE;
}

JNI_FN(jint, bufferType)(JNIEnv *env, jclass cls, jlong h, jlong buffer) {
  const KP_Api *api = API(h);
  ARGS(KP_BufferElementTypeArgs, args);
  args.buffer = PTR(PJRT_Buffer, buffer);
  if (check(env, api, api->Buffer_ElementType(&args), "PJRT_Buffer_ElementType")) return -1;
  return args.type;
}

JNI_FN(jlongArray, bufferDims)(JNIEnv *env, jclass cls, jlong h, jlong buffer) {
  const KP_Api *api = API(h);
  ARGS(KP_BufferDimensionsArgs, args);
  args.buffer = PTR(PJRT_Buffer, buffer);
  if (check(env, api, api->Buffer_Dimensions(&args), "PJRT_Buffer_Dimensions")) return NULL;
  jlongArray result = (*env)->NewLongArray(env, (jsize)args.num_dims);
  if (result != NULL && args.num_dims > 0)
    (*env)->SetLongArrayRegion(env, result, 0, (jsize)args.num_dims, (const jlong *)args.dims);
  return result;
}

JNI_FN(jlong, bufferPointer)(JNIEnv *env, jclass cls, jlong h, jlong buffer) {
  const KP_Api *api = API(h);
  if (missing(env, api->Buffer_UnsafePointer, "PJRT_Buffer_UnsafePointer")) return 0;
  ARGS(KP_BufferUnsafePointerArgs, args);
  args.buffer = PTR(PJRT_Buffer, buffer);
  if (check(env, api, api->Buffer_UnsafePointer(&args), "PJRT_Buffer_UnsafePointer")) return 0;
  return (jlong)args.pointer;
}

JNI_FN(jbyteArray, bufferToHost)(JNIEnv *env, jclass cls, jlong h, jlong buffer) {
  const KP_Api *api = API(h);
  ARGS(KP_BufferToHostArgs, size_query);
  size_query.src = PTR(PJRT_Buffer, buffer);
  if (check(env, api, api->Buffer_ToHostBuffer(&size_query), "PJRT_Buffer_ToHostBuffer (size)")) return NULL;
  if (await_and_destroy(env, api, size_query.event, "PJRT_Buffer_ToHostBuffer (size event)")) return NULL;
  size_t size = size_query.dst_size;
  void *host = malloc(size > 0 ? size : 1);
  if (host == NULL) {
    throw_pjrt(env, "PJRT_Buffer_ToHostBuffer", -1, "out of memory");
    return NULL;
  }
  ARGS(KP_BufferToHostArgs, args);
  args.src = PTR(PJRT_Buffer, buffer);
  args.dst = host;
  args.dst_size = size;
  jbyteArray result = NULL;
  if (!check(env, api, api->Buffer_ToHostBuffer(&args), "PJRT_Buffer_ToHostBuffer") &&
      !await_and_destroy(env, api, args.event, "PJRT_Buffer_ToHostBuffer (copy event)")) {
    result = (*env)->NewByteArray(env, (jsize)size);
    if (result != NULL) (*env)->SetByteArrayRegion(env, result, 0, (jsize)size, host);
  }
  free(host);
  return result;
}
