// Preloaded into the sanitizer run (scripts/asan.sh) only: makes dlclose keep Mesa's DRI drivers mapped.
// libGL unloads the driver when the app closes its window, before LeakSanitizer's check at exit, and a
// leak allocated inside an unloaded library shows as "<unknown module>", which no suppression can name.
// Every other library is closed as usual.
#define _GNU_SOURCE
#include <dlfcn.h>
#include <link.h>
#include <string.h>

int dlclose(void* handle) {
  static int (*real_dlclose)(void*);
  if (real_dlclose == NULL) real_dlclose = (int (*)(void*))dlsym(RTLD_NEXT, "dlclose");
  struct link_map* map = NULL;
  if (handle != NULL && dlinfo(handle, RTLD_DI_LINKMAP, &map) == 0 && map != NULL && map->l_name != NULL &&
      strstr(map->l_name, "/dri/") != NULL) {
    return 0;
  }
  return real_dlclose(handle);
}
