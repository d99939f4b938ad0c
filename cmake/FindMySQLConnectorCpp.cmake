# MySQL Connector/C++ 1.1 (Debian libmysqlcppconn-dev, JDBC-style API) ships no CMake config.
find_path(MySQLConnectorCpp_INCLUDE_DIR mysql_driver.h)
find_library(MySQLConnectorCpp_LIBRARY mysqlcppconn)

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(MySQLConnectorCpp
  REQUIRED_VARS MySQLConnectorCpp_INCLUDE_DIR MySQLConnectorCpp_LIBRARY)

if(MySQLConnectorCpp_FOUND AND NOT TARGET MySQLConnectorCpp::MySQLConnectorCpp)
  add_library(MySQLConnectorCpp::MySQLConnectorCpp UNKNOWN IMPORTED)
  set_target_properties(MySQLConnectorCpp::MySQLConnectorCpp PROPERTIES
    IMPORTED_LOCATION "${MySQLConnectorCpp_LIBRARY}"
    INTERFACE_INCLUDE_DIRECTORIES "${MySQLConnectorCpp_INCLUDE_DIR}")
endif()
mark_as_advanced(MySQLConnectorCpp_INCLUDE_DIR MySQLConnectorCpp_LIBRARY)
