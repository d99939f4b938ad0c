# shop_embed_text(TARGET FUNCTION FILE): compiles FILE's text into TARGET as
# `std::string_view shop::http::assets::FUNCTION()`, so shop-server carries its documents (the
# OpenAPI document, the dashboard page, Chart.js) and reads no file at run time. A change to FILE
# reconfigures and rebuilds.
set(SHOP_EMBED_TEMPLATE ${CMAKE_CURRENT_LIST_DIR}/embedded_text.cpp.in)

function(shop_embed_text target function file)
  file(READ "${file}" SHOP_EMBED_TEXT)
  set(delimiter "shop_embed")
  string(FIND "${SHOP_EMBED_TEXT}" ")${delimiter}\"" clash)
  if(NOT clash EQUAL -1)
    message(FATAL_ERROR "${file} contains the raw string delimiter )${delimiter}\"")
  endif()
  set(SHOP_EMBED_FUNCTION ${function})
  set(out "${CMAKE_CURRENT_BINARY_DIR}/embedded/${function}.cpp")
  configure_file("${SHOP_EMBED_TEMPLATE}" "${out}" @ONLY)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${file}")
  target_sources(${target} PRIVATE "${out}")
endfunction()
