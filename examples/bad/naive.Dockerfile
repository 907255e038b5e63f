# One image for the whole Butler service: database, web server and application together,
# started by supervisord. It works on a laptop; it breaks most of DMTN-095.
FROM centos:7

RUN yum install -y postgresql-server nginx supervisor gcc make python3-devel

RUN curl -sSL https://install.example.org/butler-setup.sh | sh

ADD https://downloads.example.org/butler/butler-server.tar.gz /opt/

COPY supervisord.conf /etc/supervisord.conf
COPY nginx.conf /etc/nginx/nginx.conf

RUN pip3 install butler-server

EXPOSE 80 5432
CMD ["/usr/bin/supervisord", "-n", "-c", "/etc/supervisord.conf"]
