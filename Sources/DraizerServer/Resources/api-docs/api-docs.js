// Draizer API reference: renders /api/v1/openapi.json in the browser.
// Plain DOM building (no innerHTML, no inline styles, no eval), so it runs under the server's strict CSP
// (script-src 'self'; style-src 'self'). Light and dark themes come from prefers-color-scheme in api-docs.css.
(function () {
  "use strict";

  var SPEC_URL = "/api/v1/openapi.json";
  var METHODS = ["get", "put", "post", "patch", "delete", "options", "head"];
  var spec = null;

  // ---------------------------------------------------------------- DOM helpers

  function h(tag, attrs) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (key) {
        var value = attrs[key];
        if (value === null || value === undefined || value === false) return;
        if (key === "class") node.className = value;
        else if (key === "text") node.textContent = value;
        else node.setAttribute(key, value === true ? "" : String(value));
      });
    }
    for (var i = 2; i < arguments.length; i++) append(node, arguments[i]);
    return node;
  }

  function append(node, child) {
    if (child === null || child === undefined || child === false) return;
    if (Array.isArray(child)) { child.forEach(function (c) { append(node, c); }); return; }
    node.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
  }

  // A small, safe subset of Markdown: paragraphs, `code`, **bold**, [text](url). Text only ever becomes text nodes.
  function markdown(text, inline) {
    if (!text) return null;
    var blocks = String(text).split(/\n{2,}/);
    var out = blocks.map(function (block) {
      var target = inline ? h("span") : h("p");
      var pattern = /(`[^`]+`)|(\*\*[^*]+\*\*)|(\[[^\]]+\]\([^)\s]+\))/g;
      var last = 0, match;
      while ((match = pattern.exec(block)) !== null) {
        if (match.index > last) target.appendChild(document.createTextNode(block.slice(last, match.index)));
        var token = match[0];
        if (token.charAt(0) === "`") target.appendChild(h("code", { text: token.slice(1, -1) }));
        else if (token.charAt(0) === "*") target.appendChild(h("strong", { text: token.slice(2, -2) }));
        else {
          var parts = /^\[([^\]]+)\]\(([^)\s]+)\)$/.exec(token);
          var href = /^(https?:|\/|#)/.test(parts[2]) ? parts[2] : "#";
          target.appendChild(h("a", { href: href, text: parts[1] }));
        }
        last = match.index + token.length;
      }
      if (last < block.length) target.appendChild(document.createTextNode(block.slice(last)));
      return target;
    });
    return inline ? out : h("div", { class: "md" }, out);
  }

  function slug(text) { return String(text).toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, ""); }

  // ---------------------------------------------------------------- references and schemas

  function resolve(object) {
    var seen = 0;
    while (object && object.$ref && seen++ < 20) {
      var path = object.$ref.replace(/^#\//, "").split("/").map(function (p) { return p.replace(/~1/g, "/").replace(/~0/g, "~"); });
      var target = spec;
      for (var i = 0; i < path.length && target; i++) target = target[path[i]];
      if (!target) return object;
      object = target;
    }
    return object;
  }

  function refName(ref) { return ref ? ref.split("/").pop() : null; }

  function typeLabel(schema) {
    if (!schema) return "any";
    if (schema.$ref) return refName(schema.$ref);
    if (schema.oneOf || schema.anyOf) {
      return (schema.oneOf || schema.anyOf).map(typeLabel).join(" | ");
    }
    var type = schema.type;
    var types = Array.isArray(type) ? type : (type ? [type] : []);
    return types.map(function (t) {
      if (t === "array") return "array of " + typeLabel(schema.items);
      if (t === "string" && schema.format) return "string (" + schema.format + ")";
      return t;
    }).join(" | ") || (schema.properties ? "object" : "any");
  }

  function constraints(schema) {
    var out = [];
    function add(label, value) { out.push(h("span", { class: "constraint" }, label + " ", h("code", { text: value }))); }
    if (schema.const !== undefined) add("=", JSON.stringify(schema.const));
    if (schema.enum) add("one of", schema.enum.map(function (e) { return JSON.stringify(e); }).join(", "));
    if (schema.pattern) add("pattern", schema.pattern);
    if (schema.minimum !== undefined) add("≥", String(schema.minimum));
    if (schema.exclusiveMinimum !== undefined) add(">", String(schema.exclusiveMinimum));
    if (schema.maximum !== undefined) add("≤", String(schema.maximum));
    if (schema.minLength !== undefined) add("min length", String(schema.minLength));
    if (schema.maxLength !== undefined) add("max length", String(schema.maxLength));
    if (schema.minItems !== undefined) add("min items", String(schema.minItems));
    if (schema.maxItems !== undefined) add("max items", String(schema.maxItems));
    if (schema.default !== undefined) add("default", JSON.stringify(schema.default));
    return out;
  }

  function refLink(ref) {
    var name = refName(ref);
    return h("a", { class: "ref", href: "#schema-" + slug(name), text: name });
  }

  // One schema as a nested table of properties; references link to the Schemas section (and are not expanded
  // again, which also keeps recursive schemas finite).
  function schemaView(schema, depth) {
    depth = depth || 0;
    if (!schema) return h("span", { class: "muted", text: "any" });
    if (schema.$ref) return h("span", { class: "type" }, refLink(schema.$ref));
    var box = h("div", { class: "schema" });
    var alternatives = schema.oneOf || schema.anyOf;
    if (schema.properties) box.appendChild(propertiesTable(schema, depth));
    if (alternatives) {
      box.appendChild(h("div", { class: "alternatives" },
        h("span", { class: "label", text: schema.oneOf ? "Exactly one of:" : "Any of:" }),
        h("ul", null, alternatives.map(function (alt) {
          var resolved = alt.$ref ? null : alt;
          return h("li", null,
            alt.$ref ? refLink(alt.$ref) : h("span", { class: "type", text: alt.title || typeLabel(alt) }),
            resolved && resolved.required ? h("span", { class: "muted", text: " — requires " + resolved.required.join(", ") }) : null,
            resolved && resolved.properties && !resolved.required && depth < 4 ? schemaView(resolved, depth + 1) : null);
        }))));
    }
    if (!schema.properties && !alternatives) {
      var type = schema.type;
      var isArray = type === "array" || (Array.isArray(type) && type.indexOf("array") >= 0);
      box.appendChild(h("div", { class: "scalar" }, h("span", { class: "type", text: typeLabel(schema) }), " ", constraints(schema)));
      if (isArray && schema.items && !schema.items.$ref && schema.items.properties && depth < 4) {
        box.appendChild(schemaView(schema.items, depth + 1));
      }
      if (schema.additionalProperties && typeof schema.additionalProperties === "object") {
        box.appendChild(h("div", { class: "muted" }, "values: ", h("span", { class: "type", text: typeLabel(schema.additionalProperties) })));
      }
    }
    if (schema.description && depth === 0 && !schema.properties) box.appendChild(markdown(schema.description));
    return box;
  }

  // A request or response body: a referenced schema is shown expanded (with a link to its definition).
  function bodySchemaView(schema) {
    if (!schema) return null;
    if (schema.$ref) {
      var target = resolve(schema);
      return [h("div", { class: "schema-name" }, "Schema ", refLink(schema.$ref)), target.oneOf || target.properties ? schemaView(target) : null];
    }
    if (schema.type === "array" && schema.items && schema.items.$ref) {
      return [h("div", { class: "schema-name" }, "Array of ", refLink(schema.items.$ref), " ", constraints(schema)),
        schemaView(resolve(schema.items))];
    }
    return schemaView(schema);
  }

  function propertiesTable(schema, depth) {
    var required = schema.required || [];
    var rows = Object.keys(schema.properties).map(function (name) {
      var prop = schema.properties[name];
      var nested = null;
      var target = prop.$ref ? null : (prop.items && !prop.items.$ref ? prop.items : prop);
      if (target && (target.properties || target.oneOf) && depth < 4) nested = schemaView(target, depth + 1);
      if (prop.oneOf && !nested && depth < 4) nested = schemaView(prop, depth + 1);
      return h("tr", null,
        h("td", { class: "prop" }, h("code", { text: name }), required.indexOf(name) >= 0 ? h("span", { class: "required", text: "required" }) : null),
        h("td", null,
          h("div", null, prop.$ref ? refLink(prop.$ref) : h("span", { class: "type", text: typeLabel(prop) }), " ",
            prop.items && prop.items.$ref ? ["(", refLink(prop.items.$ref), ")"] : null, constraints(prop)),
          markdown(prop.description),
          nested));
    });
    var note = schema.additionalProperties === false ? h("caption", { class: "muted", text: "No other fields." }) : null;
    return h("table", { class: "props" }, note, h("tbody", null, rows));
  }

  function exampleBlock(value, label) {
    return h("details", { class: "example" }, h("summary", { text: label || "Example" }),
      h("pre", null, h("code", { text: typeof value === "string" ? value : JSON.stringify(value, null, 2) })));
  }

  function mediaExamples(media) {
    var out = [];
    if (media.example !== undefined) out.push(exampleBlock(media.example));
    if (media.examples) {
      Object.keys(media.examples).forEach(function (name) {
        var ex = resolve(media.examples[name]);
        out.push(exampleBlock(ex.value, "Example: " + name));
      });
    }
    var schema = media.schema && resolve(media.schema);
    if (!out.length && schema && schema.examples && schema.examples.length) out.push(exampleBlock(schema.examples[0]));
    return out;
  }

  // ---------------------------------------------------------------- operations

  function securityView(operation) {
    var requirements = operation.security !== undefined ? operation.security : (spec.security || []);
    if (!requirements.length) return h("span", { class: "badge public", text: "public" });
    var schemes = (spec.components && spec.components.securitySchemes) || {};
    return requirements.map(function (requirement) {
      var names = Object.keys(requirement);
      var label = names.map(function (n) {
        var s = schemes[n] || {};
        if (s.type === "http" && s.scheme === "bearer") return "Bearer token";
        if (s.type === "apiKey") return (s.in === "cookie" ? "cookie " : "header ") + s.name;
        return n;
      }).join(" + ");
      return h("span", { class: "badge auth", title: names.map(function (n) { return (schemes[n] || {}).description || n; }).join("\n"), text: label });
    });
  }

  function parametersView(parameters) {
    if (!parameters || !parameters.length) return null;
    var rows = parameters.map(resolve).map(function (p) {
      return h("tr", null,
        h("td", { class: "prop" }, h("code", { text: p.name }), p.required ? h("span", { class: "required", text: "required" }) : null),
        h("td", { class: "muted", text: p.in }),
        h("td", null, h("span", { class: "type", text: typeLabel(p.schema) }), " ", constraints(p.schema || {}),
          markdown(p.description)));
    });
    return h("section", { class: "block" }, h("h4", { text: "Parameters" }),
      h("table", { class: "props" }, h("thead", null, h("tr", null, h("th", { text: "name" }), h("th", { text: "in" }), h("th", { text: "schema" }))),
        h("tbody", null, rows)));
  }

  function bodyView(requestBody) {
    if (!requestBody) return null;
    var body = resolve(requestBody);
    return h("section", { class: "block" },
      h("h4", null, "Request body", body.required ? h("span", { class: "required", text: "required" }) : null),
      markdown(body.description),
      Object.keys(body.content || {}).map(function (type) {
        var media = body.content[type];
        return h("div", { class: "media" }, h("div", { class: "media-type" }, h("code", { text: type })),
          bodySchemaView(media.schema), mediaExamples(media));
      }));
  }

  function statusClass(code) { return "status-" + String(code).charAt(0) + "xx"; }

  function responsesView(responses) {
    var codes = Object.keys(responses || {});
    return h("section", { class: "block" }, h("h4", { text: "Responses" }),
      codes.map(function (code) {
        var response = resolve(responses[code]);
        var headers = response.headers || {};
        var headerNames = Object.keys(headers);
        var content = response.content || {};
        return h("details", { class: "response " + statusClass(code), open: code.charAt(0) === "2" },
          h("summary", null, h("span", { class: "code", text: code }), " ", markdown(response.description, true)),
          headerNames.length ? h("details", { class: "headers" }, h("summary", null, "Headers: ", headerNames.map(function (name, i) {
            return [i ? ", " : "", h("code", { text: name })];
          })), h("table", { class: "props" }, h("tbody", null, headerNames.map(function (name) {
            var header = resolve(headers[name]);
            return h("tr", null, h("td", { class: "prop" }, h("code", { text: name }),
              header.required ? h("span", { class: "required", text: "always" }) : null),
              h("td", null, h("span", { class: "type", text: typeLabel(header.schema) }), " ", markdown(header.description, true)));
          })))) : null,
          Object.keys(content).map(function (type) {
            var media = content[type];
            return h("div", { class: "media" }, h("div", { class: "media-type" }, h("code", { text: type })),
              bodySchemaView(media.schema), mediaExamples(media));
          }));
      }));
  }

  function operationView(path, method, operation) {
    var id = operation.operationId || slug(method + "-" + path);
    var card = h("article", { class: "operation", id: "op-" + id, "data-search": (method + " " + path + " " + (operation.summary || "") + " " + (operation.tags || []).join(" ")).toLowerCase() },
      h("h3", null,
        h("a", { class: "anchor", href: "#op-" + id, "aria-label": "Link to this endpoint", text: "#" }),
        h("span", { class: "method " + method, text: method.toUpperCase() }), " ",
        h("code", { class: "path", text: path }), " ",
        h("span", { class: "summary", text: operation.summary || "" })),
      h("div", { class: "meta" }, securityView(operation), operation["x-websocket"] ? h("span", { class: "badge ws", text: "WebSocket" }) : null,
        operation.deprecated ? h("span", { class: "badge deprecated", text: "deprecated" }) : null),
      markdown(operation.description),
      parametersView((operation.parameters || []).concat([])),
      bodyView(operation.requestBody),
      responsesView(operation.responses));
    return card;
  }

  // ---------------------------------------------------------------- page

  function render() {
    var content = document.getElementById("content");
    var nav = document.getElementById("nav");
    content.textContent = "";
    nav.textContent = "";
    var info = spec.info || {};
    document.title = (info.title || "API") + " reference";
    document.getElementById("version").textContent = "v" + (info.version || "?") + " · OpenAPI " + spec.openapi;

    content.appendChild(h("section", { class: "intro", id: "top" }, h("h1", { text: info.title || "API" }),
      info.summary ? h("p", { class: "lead", text: info.summary }) : null, markdown(info.description),
      (spec.servers || []).length ? h("p", { class: "muted" }, "Base URL: ", spec.servers.map(function (s) { return h("code", { text: s.url }); })) : null));

    // Group operations by their first tag, in the order the document lists its tags.
    var groups = {};
    var order = (spec.tags || []).map(function (t) { return t.name; });
    Object.keys(spec.paths || {}).forEach(function (path) {
      var item = spec.paths[path];
      METHODS.forEach(function (method) {
        if (!item[method]) return;
        var operation = item[method];
        var tag = (operation.tags && operation.tags[0]) || "Other";
        if (order.indexOf(tag) < 0) order.push(tag);
        (groups[tag] = groups[tag] || []).push([path, method, operation]);
      });
    });
    var tagInfo = {};
    (spec.tags || []).forEach(function (t) { tagInfo[t.name] = t; });

    order.forEach(function (tag) {
      var ops = groups[tag];
      if (!ops) return;
      var tagId = "tag-" + slug(tag);
      nav.appendChild(h("div", { class: "nav-group", "data-group": tagId },
        h("a", { class: "nav-tag", href: "#" + tagId, text: tag }),
        h("ul", null, ops.map(function (op) {
          var id = op[2].operationId || slug(op[1] + "-" + op[0]);
          return h("li", { "data-target": "op-" + id }, h("a", { href: "#op-" + id },
            h("span", { class: "method small " + op[1], text: op[1].toUpperCase() }), " ", h("span", { text: op[0].replace(/^\/api\/v1/, "") })));
        }))));
      content.appendChild(h("section", { class: "tag", id: tagId, "data-group": tagId },
        h("h2", { text: tag }), markdown(tagInfo[tag] && tagInfo[tag].description),
        ops.map(function (op) { return operationView(op[0], op[1], op[2]); })));
    });

    var schemas = (spec.components && spec.components.schemas) || {};
    var names = Object.keys(schemas).sort();
    nav.appendChild(h("div", { class: "nav-group", "data-group": "schemas" }, h("a", { class: "nav-tag", href: "#schemas", text: "Schemas" }),
      h("ul", null, names.map(function (name) {
        return h("li", { "data-target": "schema-" + slug(name) }, h("a", { href: "#schema-" + slug(name), text: name }));
      }))));
    content.appendChild(h("section", { class: "tag", id: "schemas", "data-group": "schemas" }, h("h2", { text: "Schemas" }),
      names.map(function (name) {
        var schema = schemas[name];
        return h("article", { class: "schema-card", id: "schema-" + slug(name), "data-search": ("schema " + name).toLowerCase() },
          h("h3", null, h("a", { class: "anchor", href: "#schema-" + slug(name), text: "#" }), h("code", { text: name }),
            " ", h("span", { class: "type muted", text: typeLabel(schema) })),
          schema.properties ? markdown(schema.description) : null,
          schemaView(schema),
          schema.examples && schema.examples.length ? exampleBlock(schema.examples[0]) : null);
      })));

    if (location.hash) {
      var target = document.getElementById(location.hash.slice(1));
      if (target) target.scrollIntoView();
    }
  }

  function applyFilter(text) {
    var query = text.trim().toLowerCase();
    var items = document.querySelectorAll("[data-search]");
    for (var i = 0; i < items.length; i++) {
      var match = !query || items[i].getAttribute("data-search").indexOf(query) >= 0;
      items[i].classList.toggle("hidden", !match);
      var link = document.querySelector('[data-target="' + items[i].id + '"]');
      if (link) link.classList.toggle("hidden", !match);
    }
    var groups = document.querySelectorAll("section[data-group]");
    for (var j = 0; j < groups.length; j++) {
      var visible = groups[j].querySelectorAll("[data-search]:not(.hidden)").length > 0;
      groups[j].classList.toggle("hidden", !visible);
      var navGroup = document.querySelector('.nav-group[data-group="' + groups[j].getAttribute("data-group") + '"]');
      if (navGroup) navGroup.classList.toggle("hidden", !visible);
    }
  }

  function start() {
    var filter = document.getElementById("filter");
    filter.addEventListener("input", function () { applyFilter(filter.value); });
    fetch(SPEC_URL, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error("GET " + SPEC_URL + " answered " + response.status);
        return response.json();
      })
      .then(function (document_) { spec = document_; render(); })
      .catch(function (error) {
        var status = document.getElementById("status");
        if (status) {
          status.textContent = "Could not load the API document: " + error.message + ". ";
          status.appendChild(h("a", { href: SPEC_URL, text: "Open it directly" }));
          status.className = "status error";
        }
      });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
