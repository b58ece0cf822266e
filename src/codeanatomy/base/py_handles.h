// codeanatomy/base/py_handles.h
//
// RAII owner for CPython object references (a strong reference, released with Py_XDECREF).
// Only the embedded-CPython extractor includes this header.
#pragma once

#define PY_SSIZE_T_CLEAN
#include <utility>

#include <Python.h>

namespace codeanatomy::base {

class PyRef {
 public:
  PyRef() = default;
  //! Takes ownership of a new reference (may be null: the Python error indicator is then set).
  static PyRef Steal(PyObject* object) { return PyRef(object); }
  //! Adds a reference to a borrowed one.
  static PyRef Borrow(PyObject* object) {
    Py_XINCREF(object);
    return PyRef(object);
  }
  PyRef(const PyRef& other) : object_(other.object_) { Py_XINCREF(object_); }
  PyRef& operator=(const PyRef& other) {
    PyRef copy(other);
    std::swap(object_, copy.object_);
    return *this;
  }
  PyRef(PyRef&& other) noexcept : object_(std::exchange(other.object_, nullptr)) {}
  PyRef& operator=(PyRef&& other) noexcept {
    std::swap(object_, other.object_);
    return *this;
  }
  ~PyRef() { Py_XDECREF(object_); }

  PyObject* get() const { return object_; }
  PyObject* release() { return std::exchange(object_, nullptr); }
  explicit operator bool() const { return object_ != nullptr; }

 private:
  explicit PyRef(PyObject* object) : object_(object) {}
  PyObject* object_ = nullptr;
};

}  // namespace codeanatomy::base
