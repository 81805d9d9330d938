// Thoughtboard's reference renderer: applies chat templates through llama.cpp's own Jinja engine and chat layer
// (common_chat_templates_init / common_chat_templates_apply with use_jinja), so our C# engine can be compared
// with it byte for byte.
//
//   chat-template-ref JOBS.json   (or the jobs on stdin)
//
// Input:  {"now_epoch": 1768435200, "jobs": [{"template": "path.jinja", "messages": [{"role": "user", "content": "Hi"}],
//          "add_generation_prompt": true, "enable_thinking": true, "bos_token": "<s>", "eos_token": "</s>",
//          "kwargs": {"name": <json>}}]}
// Output: {"results": [{"ok": true, "prompt": "...", "note": "..."?} | {"ok": false, "error": "..."}],
//          "templates": {"path.jinja": {"caps": {...}} | {"error": "..."}}}
//
// The clock: llama.cpp reads the real time in two places. The date variables `datetime` and `date_string` are
// passed as chat_template_kwargs, which llama.cpp applies over its own; `strftime_now` formats the time the Jinja
// context takes from time(), so this program defines time() itself: an executable's definition comes first in the
// dynamic linker's lookup, ahead of libc's, for libllama-common.so too. TZ is UTC.
#include "chat.h"

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <memory>
#include <sstream>
#include <string>

static time_t g_fixed_time = 0;

extern "C" time_t time(time_t * out) noexcept {
    if (out) {
        *out = g_fixed_time;
    }
    return g_fixed_time;
}

using json = nlohmann::ordered_json;

static std::string read_all(std::istream & in) {
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

static std::string format_fixed(const char * fmt) {
    char buf[64];
    std::tm tm_utc{};
    gmtime_r(&g_fixed_time, &tm_utc);
    size_t n = std::strftime(buf, sizeof(buf), fmt, &tm_utc);
    return std::string(buf, n);
}

int main(int argc, char ** argv) {
    setenv("TZ", "UTC", 1);
    tzset();

    std::string text;
    if (argc > 1) {
        std::ifstream f(argv[1], std::ios::binary);
        if (!f) {
            std::cerr << "cannot read " << argv[1] << "\n";
            return 2;
        }
        text = read_all(f);
    } else {
        text = read_all(std::cin);
    }
    json input = json::parse(text);
    g_fixed_time = static_cast<time_t>(input.value("now_epoch", 0LL));

    std::map<std::string, common_chat_templates_ptr> cache;
    std::map<std::string, std::string> init_errors;
    json templates = json::object();
    json results = json::array();

    for (const auto & job : input.at("jobs")) {
        const std::string path = job.at("template").get<std::string>();
        const std::string bos = job.value("bos_token", std::string());
        const std::string eos = job.value("eos_token", std::string());
        const std::string key = path + "\n" + bos + "\n" + eos;
        if (!cache.count(key) && !init_errors.count(key)) {
            try {
                std::ifstream f(path, std::ios::binary);
                if (!f) {
                    throw std::runtime_error("cannot read template " + path);
                }
                auto tmpls = common_chat_templates_init(nullptr, read_all(f), bos, eos);
                json caps = json::object();
                for (const auto & [name, value] : common_chat_templates_get_caps(tmpls.get())) {
                    caps[name] = value;
                }
                templates[path] = json{{"caps", caps}};
                cache[key] = std::move(tmpls);
            } catch (const std::exception & e) {
                init_errors[key] = e.what();
                templates[path] = json{{"error", e.what()}};
            }
        }
        if (init_errors.count(key)) {
            results.push_back(json{{"ok", false}, {"error", init_errors[key]}});
            continue;
        }

        common_chat_templates_inputs inputs;
        inputs.use_jinja = true;
        inputs.add_generation_prompt = job.value("add_generation_prompt", true);
        inputs.enable_thinking = job.value("enable_thinking", true);
        for (const auto & m : job.at("messages")) {
            common_chat_msg msg;
            msg.role = m.at("role").get<std::string>();
            msg.content = m.at("content").get<std::string>();
            inputs.messages.push_back(msg);
        }
        inputs.chat_template_kwargs["datetime"] = json(format_fixed("%b %d %Y")).dump();
        inputs.chat_template_kwargs["date_string"] = json(format_fixed("%d %b %Y")).dump();
        if (job.contains("kwargs")) {
            for (const auto & [name, value] : job.at("kwargs").items()) {
                inputs.chat_template_kwargs[name] = value.dump();
            }
        }
        try {
            auto params = common_chat_templates_apply(cache[key].get(), inputs);
            results.push_back(json{{"ok", true}, {"prompt", params.prompt}});
        } catch (const std::exception & e) {
            // The template rendered, but llama.cpp could not derive an output parser from it: the prompt is then
            // the plain rendering with the same inputs, which force_pure_content gives.
            const std::string error = e.what();
            if (error.rfind("Unable to generate parser", 0) == 0) {
                try {
                    inputs.force_pure_content = true;
                    auto params = common_chat_templates_apply(cache[key].get(), inputs);
                    results.push_back(json{{"ok", true}, {"prompt", params.prompt}, {"note", "pure content: " + error}});
                    continue;
                } catch (const std::exception & e2) {
                    results.push_back(json{{"ok", false}, {"error", e2.what()}});
                    continue;
                }
            }
            results.push_back(json{{"ok", false}, {"error", error}});
        }
    }

    std::cout << json{{"results", results}, {"templates", templates}}.dump(-1, ' ', false, json::error_handler_t::replace) << "\n";
    return 0;
}
